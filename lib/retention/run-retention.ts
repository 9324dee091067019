import { and, desc, eq, sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { PLANS, type PlanId } from "@/lib/billing";
import { schema, withTenant, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { dropPartitionsBefore } from "@/lib/metrics";
import { pruneSyncRuns } from "./prune-sync-runs";

const DAY_MS = 86_400_000;

/*
 * Metric retention per plan. Partitions are per UTC day and shared by every tenant, so a partition
 * can only be dropped once the *longest* plan retention has passed it; tenants on shorter plans
 * have their older points and rollups deleted row by row inside their own withTenant (usually one
 * day's worth per run, as the job runs daily). Deleting is limited to the days still kept for the
 * longest plan, so it never scans a partition about to be dropped.
 */
export const LONGEST_RETENTION_DAYS = Math.max(...Object.values(PLANS).map((p) => p.limits.retentionDays));

export function retentionCutoff(plan: PlanId, now: Date): Date {
  const days = PLANS[plan].limits.retentionDays;
  return new Date(Math.floor((now.getTime() - days * DAY_MS) / DAY_MS) * DAY_MS);
}

export type RetentionResult = { droppedPartitions: string[]; deletedPoints: number; deletedSyncRuns: number; perPlan: Record<string, { days: number; cutoff: string; tenants: number; deletedPoints: number }> };

export async function runRetention({ db, now = new Date() }: { db: Db; now?: Date }): Promise<RetentionResult> {
  const [run] = await db.insert(schema.retentionRuns).values({ startedAt: now }).returning();
  try {
    const { dropped } = await dropPartitionsBefore(db, new Date(now.getTime() - LONGEST_RETENTION_DAYS * DAY_MS));
    const perPlan: RetentionResult["perPlan"] = {};
    let deletedPoints = 0;
    for (const plan of Object.keys(PLANS) as PlanId[]) {
      const days = PLANS[plan].limits.retentionDays;
      const cutoff = retentionCutoff(plan, now);
      perPlan[plan] = { days, cutoff: cutoff.toISOString(), tenants: 0, deletedPoints: 0 };
      if (days >= LONGEST_RETENTION_DAYS) continue;
      const tenants = await db.select({ id: schema.tenants.id }).from(schema.tenants).where(eq(schema.tenants.plan, plan));
      for (const { id } of tenants) {
        // One tenant's failure is logged and the others proceed (and it is retried tomorrow).
        try {
          const deleted = await withTenant(
            id,
            async (tx) => {
              const points = await tx.execute(sql`delete from metric_points where tenant_id = ${id} and ts < ${cutoff.toISOString()}::timestamptz`);
              await tx.execute(sql`delete from metric_rollups_5m where tenant_id = ${id} and bucket < ${cutoff.toISOString()}::timestamptz`);
              await tx.execute(sql`delete from metric_rollups_1h where tenant_id = ${id} and bucket < ${cutoff.toISOString()}::timestamptz`);
              return points.rowCount ?? 0;
            },
            { db },
          );
          perPlan[plan].tenants++;
          perPlan[plan].deletedPoints += deleted;
          deletedPoints += deleted;
        } catch (error) {
          logger.error({ err: error, tenantId: id }, "retention failed for a tenant");
        }
      }
    }
    const deletedSyncRuns = await pruneSyncRuns({ db, now });
    await db
      .update(schema.retentionRuns)
      .set({ finishedAt: new Date(), droppedPartitions: dropped.length, deletedPoints, details: { perPlan, dropped, deletedSyncRuns } })
      .where(eq(schema.retentionRuns.id, run.id));
    return { droppedPartitions: dropped, deletedPoints, deletedSyncRuns, perPlan };
  } catch (error) {
    await db.update(schema.retentionRuns).set({ finishedAt: new Date(), error: error instanceof Error ? error.message : String(error) }).where(eq(schema.retentionRuns.id, run.id));
    throw error;
  }
}

export type RetentionSummary = {
  plan: PlanId;
  retentionDays: number;
  cutoff: Date;
  oldestPoint: Date | null;
  series: number;
  resourcesTracked: number;
  lastRun: { finishedAt: Date | null; error: string | null } | null;
};

/** What Settings → Data shows: the plan's retention, the oldest point kept, the last run. */
export async function getRetentionSummary(ctx: TenantContext, now = new Date()): Promise<RetentionSummary> {
  const plan = ctx.tenant.plan;
  const stats = await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const r = await tx.execute<{ oldest: string | null; series: number; resources: number }>(sql`
        select (select min(ts) from metric_points where tenant_id = ${ctx.tenant.id}) as oldest,
               (select count(*)::int from series where tenant_id = ${ctx.tenant.id}) as series,
               (select count(distinct (kind, resource_id))::int from resources where tenant_id = ${ctx.tenant.id} and recorded_to is null) as resources`);
      return r.rows[0];
    },
    { db: ctx.db },
  );
  const [last] = await ctx.db.select().from(schema.retentionRuns).where(and(sql`${schema.retentionRuns.finishedAt} is not null`)).orderBy(desc(schema.retentionRuns.id)).limit(1);
  return {
    plan,
    retentionDays: PLANS[plan].limits.retentionDays,
    cutoff: retentionCutoff(plan, now),
    oldestPoint: stats?.oldest ? new Date(stats.oldest) : null,
    series: stats?.series ?? 0,
    resourcesTracked: stats?.resources ?? 0,
    lastRun: last ? { finishedAt: last.finishedAt, error: last.error } : null,
  };
}
