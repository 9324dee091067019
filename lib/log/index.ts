import pino from "pino";

/** Structured JSON logs. Secrets are redacted by key name wherever they appear. */
export const logger = pino({
  level: process.env.LOG_LEVEL || "info",
  redact: {
    paths: ["password", "*.password", "token", "*.token", "secret", "*.secret", "*.passwordHash", "headers.cookie", "headers.authorization"],
    censor: "[redacted]",
  },
  base: { service: process.env.MONITR_PROCESS || "monitr" },
});
