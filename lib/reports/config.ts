import crypto from "node:crypto";

/*
 * Reports' settings, read from the environment once by the edge (route handlers, the worker) and
 * passed to verbs. The download-link secret is derived from NEXTAUTH_SECRET unless set on its own,
 * so a deployment needs no new secret, and rotating NEXTAUTH_SECRET also voids outstanding links.
 */
export type ReportsConfig = {
  /** HMAC key of signed download links. */
  linkSecret: Buffer;
  /** Files (and their links) are kept this long, then the cleanup job deletes them. */
  retentionDays: number;
  /** Scheduled reports at most this large are attached; larger ones are sent as a link. */
  attachmentMaxBytes: number;
  /** Reports estimated at most this much work are generated in the request; larger ones become jobs. */
  inlineMaxRows: number;
  inlineMaxCharts: number;
};

function positiveInt(env: Record<string, string | undefined>, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

export function loadReportsConfig(env: Record<string, string | undefined>): ReportsConfig {
  const base = env.REPORTS_LINK_SECRET || env.NEXTAUTH_SECRET;
  if (!base && env.NODE_ENV === "production") throw new Error("NEXTAUTH_SECRET (or REPORTS_LINK_SECRET) must be set to sign report download links.");
  return {
    linkSecret: crypto.createHmac("sha256", base || "monitr-dev-only-report-links").update("monitr/report-download-links/v1").digest(),
    retentionDays: positiveInt(env, "REPORTS_RETENTION_DAYS", 7),
    attachmentMaxBytes: positiveInt(env, "REPORTS_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024),
    inlineMaxRows: positiveInt(env, "REPORTS_INLINE_MAX_ROWS", 100_000),
    inlineMaxCharts: 24,
  };
}

let cached: ReportsConfig | undefined;
export function reportsConfig(): ReportsConfig {
  cached ??= loadReportsConfig(process.env);
  return cached;
}
