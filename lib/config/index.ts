/*
 * Every environment variable Monitr reads is read here, once. Verbs receive values from their
 * caller; they never read process.env themselves. The README's configuration table mirrors this.
 */
export type AppConfig = {
  appDomain: string;
  protocol: "http" | "https";
  production: boolean;
  sessionMaxAgeSeconds: number;
  /** A session unused for this long is signed out (server-side session rows, issue #10). */
  sessionIdleTimeoutSeconds: number;
  rateLimits: { loginPerEmail: number; loginPerIp: number; signupPerIp: number; windowSeconds: number };
};

function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export function loadConfig(): AppConfig {
  const appDomain = (process.env.APP_DOMAIN || "localhost:3000").toLowerCase();
  const hostname = appDomain.split(":")[0];
  const protocol = process.env.APP_PROTOCOL === "https" || process.env.APP_PROTOCOL === "http"
    ? process.env.APP_PROTOCOL
    : hostname === "localhost" ? "http" : "https";
  return {
    appDomain,
    protocol,
    production: process.env.NODE_ENV === "production" && protocol === "https",
    sessionMaxAgeSeconds: intFromEnv("SESSION_MAX_AGE_SECONDS", 30 * 24 * 3600),
    sessionIdleTimeoutSeconds: intFromEnv("SESSION_IDLE_TIMEOUT_SECONDS", 12 * 3600),
    rateLimits: {
      loginPerEmail: intFromEnv("RATE_LIMIT_LOGIN_PER_EMAIL", 10),
      loginPerIp: intFromEnv("RATE_LIMIT_LOGIN_PER_IP", 50),
      signupPerIp: intFromEnv("RATE_LIMIT_SIGNUP_PER_IP", 20),
      windowSeconds: intFromEnv("RATE_LIMIT_WINDOW_SECONDS", 15 * 60),
    },
  };
}

let cached: AppConfig | undefined;
export function config(): AppConfig {
  cached ??= loadConfig();
  return cached;
}
