import type { PgBoss } from "pg-boss";
import { PLANS } from "@/lib/billing";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { dropPartitionsBefore, ensurePartitions } from "@/lib/metrics";

export const METRIC_UPKEEP_QUEUE = "metrics-partitions";
const DAY_MS = 86_400_000;

// Partitions are shared by all tenants, so only the longest plan retention can drop whole days;
// shorter plans' older points are hidden by queries until then.
const LONGEST_RETENTION_DAYS = Math.max(...Object.values(PLANS).map((p) => p.limits.retentionDays));

async function upkeep(db: Db): Promise<void> {
  const now = Date.now();
  // Yesterday too: a first metrics run backfills a few hours across midnight.
  await ensurePartitions(db, new Date(now - 2 * DAY_MS), new Date(now + 7 * DAY_MS));
  await dropPartitionsBefore(db, new Date(now - LONGEST_RETENTION_DAYS * DAY_MS));
}

/** Daily partition upkeep of the metric store, and once at start so a fresh database can take writes. */
export async function registerMetricUpkeep(boss: PgBoss, db: Db): Promise<void> {
  await boss.createQueue(METRIC_UPKEEP_QUEUE, { policy: "singleton" });
  await boss.schedule(METRIC_UPKEEP_QUEUE, "7 0 * * *", null, { tz: "UTC" });
  await boss.work(METRIC_UPKEEP_QUEUE, async () => upkeep(db));
  await upkeep(db).catch((error: unknown) => logger.error({ err: error }, "metric partition upkeep failed"));
}
