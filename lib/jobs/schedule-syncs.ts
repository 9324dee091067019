import { and, eq, gte, inArray, isNull, max, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { GLOBAL_REGION } from "@/lib/collect";
import { schema, withTenant, type Db } from "@/lib/db";
import { logger } from "@/lib/log";

export const AWS_QUEUES = {
  tick: "aws-schedule",
  initial: "aws-initial",
  inventory: "aws-inventory",
  metrics: "aws-metrics",
  costs: "aws-costs",
} as const;

export type CollectJob = { tenantId: string; connectionId: string; region: string };

export const INVENTORY_INTERVAL_SECONDS = 300;
export const COSTS_INTERVAL_SECONDS = 6 * 3600;
// Ticks drift by a few seconds; a run that started one interval ago minus this is due.
const SLACK_MS = 20_000;
// Only runs this much older than a kind's interval are read: anything older means "due" anyway.
const WINDOW_MARGIN_MS = 10 * 60_000;

/** The singleton key: pg-boss keeps one queued and one active job per key and queue. */
export const singletonKeyOf = (job: CollectJob) => `${job.tenantId}:${job.connectionId}:${job.region}`;

type Due = { queue: (typeof AWS_QUEUES)[Exclude<keyof typeof AWS_QUEUES, "tick">]; job: CollectJob };

async function dueForTenant(db: Db, tenantId: string, now: number): Promise<Due[]> {
  return withTenant(
    tenantId,
    async (tx) => {
      const connections = await tx
        .select()
        .from(schema.awsConnections)
        .where(and(eq(schema.awsConnections.tenantId, tenantId), isNull(schema.awsConnections.disconnectedAt)));
      if (connections.length === 0) return [];
      const s = schema.syncRuns;
      const ids = connections.map((c) => c.id);
      // Scheduling runs every minute for every tenant, so it reads a window of sync_runs, never a
      // tenant's whole history (the index on (tenant_id, connection_id, started_at) serves each
      // range): the last few minutes for inventory and metrics; per connection, the newest costs
      // run within its interval, and whether an initial sync ever started — normally the
      // connection's first run (retention keeps it, lib/retention), so the first row answers that.
      const frequentSeconds = Math.max(INVENTORY_INTERVAL_SECONDS, ...connections.map((c) => c.metricsIntervalSeconds));
      const recent = await tx
        .select({ connectionId: s.connectionId, region: s.region, kind: s.kind, at: max(s.startedAt) })
        .from(s)
        .where(
          and(
            eq(s.tenantId, tenantId),
            inArray(s.connectionId, ids),
            gte(s.startedAt, new Date(now - frequentSeconds * 1000 - WINDOW_MARGIN_MS)),
            inArray(s.kind, ["inventory", "metrics"]),
          ),
        )
        .groupBy(s.connectionId, s.region, s.kind);
      const costsSince = new Date(now - COSTS_INTERVAL_SECONDS * 1000 - WINDOW_MARGIN_MS).toISOString();
      const perConnection = await tx.execute<{ connection_id: string; last_costs: Date | string | null; first_kind: string | null }>(sql`
        select c.id as connection_id,
               (select r.started_at from sync_runs r
                 where r.tenant_id = ${tenantId} and r.connection_id = c.id and r.kind = 'costs' and r.region = ${GLOBAL_REGION}
                   and r.started_at >= ${costsSince}::timestamptz
                 order by r.started_at desc limit 1) as last_costs,
               (select r.kind from sync_runs r
                 where r.tenant_id = ${tenantId} and r.connection_id = c.id
                 order by r.started_at limit 1) as first_kind
          from unnest(${sql.param(ids)}::uuid[]) as c(id)`);
      const lastRun = new Map(recent.map((r) => [`${r.connectionId}|${r.region}|${r.kind}`, r.at?.getTime() ?? 0]));
      const initialStarted = new Set<string>();
      for (const row of perConnection.rows) {
        if (row.last_costs) lastRun.set(`${row.connection_id}|${GLOBAL_REGION}|costs`, new Date(row.last_costs).getTime());
        if (row.first_kind === "initial") initialStarted.add(row.connection_id);
      }
      // A connection without runs yet (just connected), or, rarely, one whose oldest kept run is not
      // its initial sync: only these are looked up across their whole history.
      const unsure = ids.filter((id) => !initialStarted.has(id));
      if (unsure.length) {
        const found = await tx
          .selectDistinct({ connectionId: s.connectionId })
          .from(s)
          .where(and(eq(s.tenantId, tenantId), inArray(s.connectionId, unsure), eq(s.kind, "initial")));
        for (const row of found) initialStarted.add(row.connectionId);
      }
      const isDue = (connectionId: string, region: string, kind: string, seconds: number) =>
        now - (lastRun.get(`${connectionId}|${region}|${kind}`) ?? 0) >= seconds * 1000 - SLACK_MS;
      const due: Due[] = [];
      for (const c of connections) {
        const base = { tenantId, connectionId: c.id };
        if (!initialStarted.has(c.id)) {
          due.push({ queue: AWS_QUEUES.initial, job: { ...base, region: "all" } });
          continue;
        }
        for (const region of c.regions) {
          if (isDue(c.id, region, "inventory", INVENTORY_INTERVAL_SECONDS)) due.push({ queue: AWS_QUEUES.inventory, job: { ...base, region } });
          if (isDue(c.id, region, "metrics", c.metricsIntervalSeconds)) due.push({ queue: AWS_QUEUES.metrics, job: { ...base, region } });
        }
        if (isDue(c.id, GLOBAL_REGION, "costs", COSTS_INTERVAL_SECONDS)) due.push({ queue: AWS_QUEUES.costs, job: { ...base, region: GLOBAL_REGION } });
      }
      return due;
    },
    { db },
  );
}

/**
 * The per-minute fan-out: one job per (connection, region, kind) that is due. Tenants are read as
 * the owner role (a global table); each tenant's connections inside its own withTenant. A tenant
 * whose lookup fails is logged and skipped; the others are scheduled.
 */
export async function scheduleDueSyncs(boss: PgBoss, db: Db, options: { tenantIds?: string[]; now?: Date } = {}): Promise<number> {
  const now = (options.now ?? new Date()).getTime();
  // Suspended tenants are skipped, also when named explicitly (a NOTIFY from a new connection).
  const tenantIds = (
    await db
      .select({ id: schema.tenants.id })
      .from(schema.tenants)
      .where(and(eq(schema.tenants.status, "active"), options.tenantIds ? inArray(schema.tenants.id, options.tenantIds) : undefined))
  ).map((t) => t.id);
  let sent = 0;
  for (const tenantId of tenantIds) {
    try {
      for (const { queue, job } of await dueForTenant(db, tenantId, now)) {
        // The tenant is the job's group: a worker runs only a few of one tenant's jobs at once (aws-jobs.ts).
        if (await boss.send(queue, job, { singletonKey: singletonKeyOf(job), group: { id: tenantId } })) sent++;
      }
    } catch (error) {
      logger.error({ err: error, tenantId }, "scheduling AWS syncs failed for a tenant");
    }
  }
  return sent;
}
