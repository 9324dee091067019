import { sql } from "drizzle-orm";
import os from "node:os";
import { PgBoss } from "pg-boss";
import { loadAwsConfig, type AwsConfig } from "@/lib/aws/config";
import { createDb, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { instrumentBoss, startMetricsServer } from "@/lib/observability";
import { registerRetentionJobs } from "@/lib/retention";
import { registerAlertJobs } from "./alert-jobs";
import { registerAwsJobs } from "./aws-jobs";
import { registerReportJobs } from "./report-jobs";
import { registerMetricUpkeep } from "./metric-upkeep";
import { registerBillingJobs } from "@/lib/billing";
import { registerBudgetJobs } from "./budget-jobs";

export type Worker = { id: string; boss: PgBoss; db: Db; metricsPort?: number; stop(): Promise<void> };

export const QUEUES = { heartbeat: "heartbeat" } as const;

async function beat(db: Db, id: string, startedAt: Date) {
  await db.execute(sql`
    insert into worker_heartbeats (worker_id, beat_at, started_at) values (${id}, now(), ${startedAt})
    on conflict (worker_id) do update set beat_at = excluded.beat_at`);
}

/**
 * The background worker: pg-boss consumers and schedules. Any number may run; pg-boss hands each
 * job to one of them (SKIP LOCKED) and keeps one schedule per name across all of them.
 */
export async function startWorker({
  databaseUrl,
  aws,
  collectAws = true,
  metrics,
}: {
  databaseUrl: string;
  /** Defaults to the environment's (the worker entry point's config); tests pass the simulator's. */
  aws?: AwsConfig;
  collectAws?: boolean;
  /** Serve this worker's Prometheus metrics (job durations, failures) on a port (WORKER_METRICS_PORT). */
  metrics?: { port: number; token: string | null; tenantLabels: boolean };
}): Promise<Worker> {
  const id = `${os.hostname()}:${process.pid}`;
  const startedAt = new Date();
  // Collection runs several jobs at once, each holding a lock connection besides its queries.
  const db = createDb(databaseUrl, { max: 12 });
  // A killed worker's job misses its heartbeats (20 s on the AWS queues); the monitor notices and
  // other workers see it retryable on these passes (pg-boss defaults: 60 s each).
  const boss = new PgBoss({ connectionString: databaseUrl, max: 5, monitorIntervalSeconds: 15, queueCacheIntervalSeconds: 15 });
  instrumentBoss(boss);
  let stopping = false;
  // pg-boss reports connection errors on its own; log their gist (the raw error drags the whole
  // pg client along), and stay quiet while shutting down, when Postgres may already be going.
  boss.on("error", (error: Error & { code?: string }) => {
    if (!stopping) logger.error({ err: { message: error.message, code: error.code } }, "pg-boss error");
  });
  await boss.start();

  await boss.createQueue(QUEUES.heartbeat);
  await boss.schedule(QUEUES.heartbeat, "* * * * *", null, { tz: "UTC" });
  await boss.work(QUEUES.heartbeat, async () => {
    await beat(db, id, startedAt);
  });
  await beat(db, id, startedAt);
  await registerMetricUpkeep(boss, db);
  await registerRetentionJobs(boss, db);
  await registerAlertJobs(boss, { db });
  await registerBillingJobs(boss, { db });
  await registerBudgetJobs(boss, { db, ...(collectAws ? { aws: aws ?? loadAwsConfig(process.env) } : {}) });
  await registerReportJobs(boss, { db });
  const awsJobs = collectAws ? await registerAwsJobs(boss, { db, aws: aws ?? loadAwsConfig(process.env) }) : undefined;
  const metricsServer = metrics ? await startMetricsServer(metrics.port, { db, token: metrics.token, tenantLabels: metrics.tenantLabels }) : undefined;
  logger.info({ workerId: id, metricsPort: metricsServer?.port }, "worker started");

  return {
    id,
    boss,
    db,
    metricsPort: metricsServer?.port,
    async stop() {
      stopping = true;
      await metricsServer?.close();
      await awsJobs?.stop();
      await boss.stop({ graceful: true, timeout: 10_000 });
      await db.$client.end();
    },
  };
}
