import type { PgBoss } from "pg-boss";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { config } from "@/lib/config";
import { schema, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { listenForTenants } from "./listen-tenants";
import { mailer, type Mailer } from "@/lib/mail";
import { claimDueRuns, closeStaleWork, deleteExpiredFiles, executeRun, pendingWork, reportsConfig, runQueuedFile, REPORTS_CHANNEL, type ReportsConfig } from "@/lib/reports";
import { tenantOrigin } from "@/lib/tenants";

/*
 * Reports in the worker. `reports-tick` (every minute, one schedule across workers) looks at each
 * active tenant: closes work a dead worker left, claims due schedules (one run per slot) and
 * queues `reports-generate` for queued files and `reports-run` for open runs, singleton per
 * file/run. A web request that queues a large report NOTIFYs the workers, which tick that tenant
 * at once. `reports-cleanup` (hourly) deletes expired files.
 */
export const REPORT_QUEUES = { tick: "reports-tick", generate: "reports-generate", run: "reports-run", cleanup: "reports-cleanup" } as const;

const FileJob = z.object({ tenantId: z.uuid(), fileId: z.uuid() });
const RunJob = z.object({ tenantId: z.uuid(), runId: z.uuid() });

export type ReportJobDeps = { db: Db; config?: ReportsConfig; mailer?: Mailer; now?: () => Date };

export async function registerReportJobs(boss: PgBoss, options: ReportJobDeps): Promise<{ stop(): Promise<void> }> {
  const app = config();
  const deps = {
    db: options.db,
    config: options.config ?? reportsConfig(),
    mailer: options.mailer ?? mailer(),
    origin: (slug: string) => tenantOrigin(slug, app.appDomain, app.protocol),
  };
  const now = options.now ?? (() => new Date());
  await boss.createQueue(REPORT_QUEUES.tick, { policy: "singleton" });
  await boss.createQueue(REPORT_QUEUES.cleanup, { policy: "singleton" });
  // A large export may take minutes; a run is not retried by the queue (a retry could email twice).
  await boss.createQueue(REPORT_QUEUES.generate, { policy: "stately", expireInSeconds: 3600, retryLimit: 0 });
  await boss.createQueue(REPORT_QUEUES.run, { policy: "stately", expireInSeconds: 3600, retryLimit: 0 });
  await boss.schedule(REPORT_QUEUES.tick, "* * * * *", null, { tz: "UTC" });
  await boss.schedule(REPORT_QUEUES.cleanup, "17 * * * *", null, { tz: "UTC" });

  const tickTenant = async (tenantId: string) => {
    await closeStaleWork(deps.db, tenantId, now());
    await claimDueRuns(deps.db, tenantId, now());
    const work = await pendingWork(deps.db, tenantId);
    for (const fileId of work.files) await boss.send(REPORT_QUEUES.generate, { tenantId, fileId }, { singletonKey: fileId });
    for (const runId of work.runs) await boss.send(REPORT_QUEUES.run, { tenantId, runId }, { singletonKey: runId });
  };
  const activeTenants = async () => (await deps.db.select({ id: schema.tenants.id }).from(schema.tenants).where(sql`${schema.tenants.status} = 'active'`)).map((t) => t.id);

  await boss.work(REPORT_QUEUES.tick, async () => {
    for (const id of await activeTenants()) {
      // One tenant's failure never stops another's.
      await tickTenant(id).catch((error: unknown) => logger.error({ err: error, tenantId: id }, "report tick failed for tenant"));
    }
  });
  await boss.work(REPORT_QUEUES.cleanup, async () => {
    for (const id of await activeTenants()) {
      const gone = await deleteExpiredFiles(deps.db, id, now()).catch((error: unknown) => (logger.error({ err: error, tenantId: id }, "report cleanup failed"), 0));
      if (gone) logger.info({ tenantId: id, files: gone }, "expired report files deleted");
    }
  });
  await boss.work<unknown>(REPORT_QUEUES.generate, { localConcurrency: 2, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const { tenantId, fileId } = FileJob.parse(job.data);
    await runQueuedFile(deps.db, tenantId, fileId);
  });
  await boss.work<unknown>(REPORT_QUEUES.run, { localConcurrency: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { tenantId, runId } = RunJob.parse(job.data);
    const outcome = await executeRun(deps, tenantId, runId, now());
    logger.info({ tenantId, runId, outcome }, "scheduled report run");
  });

  return listenForTenants(boss, deps.db, REPORTS_CHANNEL, tickTenant);
}
