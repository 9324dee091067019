import pino from "pino";
import { logContext } from "@/lib/observability/log-context";
import { scrub } from "@/lib/observability/scrub";

/**
 * Structured JSON logs. Every line carries the request id / job id / tenant id of the request or
 * job it was written in (lib/observability/log-context.ts), and secrets are scrubbed by field name
 * at any depth and by shape inside strings (lib/observability/scrub.ts) before anything is written.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL || "info",
  redact: {
    paths: ["password", "*.password", "token", "*.token", "secret", "*.secret", "*.passwordHash", "headers.cookie", "headers.authorization"],
    censor: "[redacted]",
  },
  base: { service: process.env.MONITR_PROCESS || "monitr" },
  mixin: () => ({ ...logContext() }),
  formatters: { log: (object) => scrub(object) as Record<string, unknown> },
  hooks: {
    // The message string is scrubbed too: a secret interpolated into a message is still a secret.
    logMethod(args, method) {
      method.apply(this, args.map((a) => (typeof a === "string" ? (scrub(a) as string) : a)) as Parameters<typeof method>);
    },
  },
});
