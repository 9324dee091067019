import { and, eq, inArray, isNull } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { GLOBAL_REGION, INITIAL_REGION, latestRuns, slotKey, type RunSlot } from "@/lib/aws/latest-runs";
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
      // One index probe per (connection, region, kind): the latest run, running or not, however long the history.
      const slots: RunSlot[] = connections.flatMap((c) => [
        { connectionId: c.id, region: INITIAL_REGION, kind: "initial" as const },
        { connectionId: c.id, region: GLOBAL_REGION, kind: "costs" as const },
        ...c.regions.flatMap((region) => [
          { connectionId: c.id, region, kind: "inventory" as const },
          { connectionId: c.id, region, kind: "metrics" as const },
        ]),
      ]);
      const latest = await latestRuns(tx, tenantId, slots, "any");
      const lastRun = (connectionId: string, region: string, kind: RunSlot["kind"]) => latest.get(slotKey({ connectionId, region, kind }))?.startedAt.getTime();
      const isDue = (connectionId: string, region: string, kind: RunSlot["kind"], seconds: number) => now - (lastRun(connectionId, region, kind) ?? 0) >= seconds * 1000 - SLACK_MS;
      const due: Due[] = [];
      for (const c of connections) {
        const base = { tenantId, connectionId: c.id };
        if (lastRun(c.id, INITIAL_REGION, "initial") === undefined) {
          due.push({ queue: AWS_QUEUES.initial, job: { ...base, region: INITIAL_REGION } });
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
