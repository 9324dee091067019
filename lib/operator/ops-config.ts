/*
 * Operations settings, read from the environment once at the edge (route handlers, the worker's
 * entry point, scripts) and passed down. The README's configuration table lists each variable.
 */
export type OpsConfig = {
  /** Emails of Monitr's own staff allowed into the operator console (admin.<APP_DOMAIN>). */
  platformAdmins: string[];
  /** Signs the operator console's session cookie; defaults to NEXTAUTH_SECRET. */
  operatorSecret: string;
  operatorSessionSeconds: number;
  /** Public API requests per key per minute. */
  apiRateLimitPerMinute: number;
  /** When set, /metrics requires `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** Label sync-lag gauges with tenant slugs (off by default: tenant names are customer data). */
  metricsTenantLabels: boolean;
  /** The worker serves its own /metrics on this port when set. */
  workerMetricsPort: number | null;
};

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export function loadOpsConfig(env: NodeJS.ProcessEnv): OpsConfig {
  const port = env.WORKER_METRICS_PORT ? positiveInt(env, "WORKER_METRICS_PORT", 9464) : null;
  return {
    platformAdmins: (env.PLATFORM_ADMINS ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    operatorSecret: env.OPERATOR_SESSION_SECRET || env.NEXTAUTH_SECRET || "",
    operatorSessionSeconds: positiveInt(env, "OPERATOR_SESSION_SECONDS", 8 * 3600),
    apiRateLimitPerMinute: positiveInt(env, "API_RATE_LIMIT_PER_MINUTE", 600),
    metricsToken: env.METRICS_TOKEN || null,
    metricsTenantLabels: env.METRICS_TENANT_LABELS === "true",
    workerMetricsPort: port,
  };
}

let cached: OpsConfig | undefined;
export function opsConfig(): OpsConfig {
  cached ??= loadOpsConfig(process.env);
  return cached;
}
