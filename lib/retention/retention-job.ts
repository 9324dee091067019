import type { PgBoss } from "pg-boss";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { runRetention } from "./run-retention";

export const RETENTION_QUEUE = "data-retention";

/** Daily at 03:17 UTC (after the night's partition upkeep), one run across all workers. */
export async function registerRetentionJobs(boss: PgBoss, db: Db): Promise<void> {
  await boss.createQueue(RETENTION_QUEUE, { policy: "singleton", expireInSeconds: 3 * 3600, retryLimit: 2, retryDelay: 600 });
  await boss.schedule(RETENTION_QUEUE, "17 3 * * *", null, { tz: "UTC" });
  await boss.work(RETENTION_QUEUE, async () => {
    const result = await runRetention({ db });
    logger.info({ dropped: result.droppedPartitions.length, deletedPoints: result.deletedPoints, deletedSyncRuns: result.deletedSyncRuns }, "retention run finished");
  });
}
