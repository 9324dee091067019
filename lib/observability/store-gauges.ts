import { sql } from "drizzle-orm";
import { Gauge, type Registry } from "prom-client";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { withPlatformRead } from "@/lib/operator/platform-read";

/*
 * Gauges read from Postgres at scrape time, so any web replica (or worker) reports the same
 * platform-wide figures: queue depth, tenants by sync lag, notification backlog, worker
 * heartbeats; plus this process's own connection pool.
 */
export const LAG_BUCKETS = [
  { label: "under_10m", maxSeconds: 600 },
  { label: "10m_to_1h", maxSeconds: 3600 },
  { label: "1h_to_6h", maxSeconds: 6 * 3600 },
  { label: "over_6h", maxSeconds: Number.POSITIVE_INFINITY },
] as const;

export function lagBucket(seconds: number | null): string {
  if (seconds === null) return "never";
  return LAG_BUCKETS.find((b) => seconds < b.maxSeconds)?.label ?? "over_6h";
}

async function exists(db: Db, relation: string): Promise<boolean> {
  const r = await db.execute<{ ok: boolean }>(sql`select to_regclass(${relation}) is not null as ok`);
  return r.rows[0]?.ok === true;
}

/** Runs one gauge's query; a failing query leaves that gauge empty instead of failing the scrape. */
async function guarded(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    logger.warn({ err: error, gauge: name }, "metrics gauge query failed");
  }
}

export function registerStoreGauges(registry: Registry, options: { db: Db; tenantLabels: boolean }): void {
  const { db } = options;
  new Gauge({
    name: "monitr_db_pool_connections",
    help: "This process's Postgres pool: total, idle and waiting clients.",
    labelNames: ["state"],
    registers: [registry],
    collect() {
      const pool = db.$client;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });

  new Gauge({
    name: "monitr_queue_jobs",
    help: "pg-boss jobs by queue and state (created = waiting, retry = waiting to retry, active = running).",
    labelNames: ["queue", "state"],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded("queue", async () => {
        if (!(await exists(db, "pgboss.job"))) return;
        const rows = await db.execute<{ name: string; state: string; n: number }>(sql`
          select name, state::text as state, count(*)::int as n from pgboss.job
           where state in ('created', 'retry', 'active') group by 1, 2`);
        for (const r of rows.rows) this.set({ queue: r.name, state: r.state }, r.n);
      });
    },
  });

  // One query feeds both lag gauges. prom-client collects a registry's metrics concurrently, so
  // each gauge's collect awaits the same in-flight query rather than relying on collection order
  // (which left the per-tenant gauge one scrape behind, and empty on the first).
  type LagRow = { slug: string; lag: number | null };
  let inflight: Promise<LagRow[]> | null = null;
  const lagRows = (): Promise<LagRow[]> =>
    (inflight ??= withPlatformRead(db, (tx) =>
      tx.execute<LagRow>(sql`
        select t.slug, extract(epoch from now() - max(r.finished_at))::float8 as lag
          from tenants t
          join aws_connections c on c.tenant_id = t.id and c.disconnected_at is null
          left join sync_runs r on r.tenant_id = t.id and r.status in ('succeeded', 'partial')
         where t.status = 'active'
         group by t.id, t.slug`),
    )
      .then((r) => r.rows)
      .finally(() => {
        inflight = null;
      }));

  new Gauge({
    name: "monitr_sync_lag_tenants",
    help: "Active tenants with an AWS connection, by time since their last successful sync (never = none yet).",
    labelNames: ["bucket"],
    registers: [registry],
    async collect() {
      await guarded("sync-lag", async () => {
        const rows = await lagRows();
        const counts = new Map<string, number>([...LAG_BUCKETS.map((b) => [b.label, 0] as [string, number]), ["never", 0]]);
        for (const r of rows) counts.set(lagBucket(r.lag), (counts.get(lagBucket(r.lag)) ?? 0) + 1);
        for (const [bucket, n] of counts) this.set({ bucket }, n);
      });
    },
  });

  if (options.tenantLabels) {
    new Gauge({
      name: "monitr_sync_lag_seconds",
      help: "Seconds since each tenant's last successful sync (METRICS_TENANT_LABELS=true).",
      labelNames: ["tenant"],
      registers: [registry],
      async collect() {
        this.reset();
        await guarded("sync-lag-seconds", async () => {
          for (const r of await lagRows()) if (r.lag !== null) this.set({ tenant: r.slug }, r.lag);
        });
      },
    });
  }

  new Gauge({
    name: "monitr_notification_outbox_backlog",
    help: "Notifications waiting for delivery (alert_outbox rows not yet sent), and the age of the oldest in seconds.",
    labelNames: ["measure"],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded("outbox", async () => {
        if (!(await exists(db, "public.alert_outbox"))) return;
        const rows = await withPlatformRead(db, (tx) =>
          tx.execute<{ n: number; oldest: number | null }>(sql`
            select count(*)::int as n, extract(epoch from now() - min(created_at))::float8 as oldest
              from alert_outbox where status = 'pending'`),
        );
        this.set({ measure: "pending" }, rows.rows[0]?.n ?? 0);
        this.set({ measure: "oldest_seconds" }, rows.rows[0]?.oldest ?? 0);
      });
    },
  });

  new Gauge({
    name: "monitr_worker_heartbeat_age_seconds",
    help: "Seconds since each live worker's last heartbeat (workers beat every minute).",
    labelNames: ["worker"],
    registers: [registry],
    async collect() {
      this.reset();
      await guarded("heartbeats", async () => {
        const rows = await db.execute<{ worker_id: string; age: number }>(sql`
          select worker_id, extract(epoch from now() - beat_at)::float8 as age from worker_heartbeats
           where beat_at > now() - interval '1 hour'`);
        for (const r of rows.rows) this.set({ worker: r.worker_id }, r.age);
      });
    },
  });
}
