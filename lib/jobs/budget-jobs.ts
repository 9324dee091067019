import type { PgBoss } from "pg-boss";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { AwsConfig } from "@/lib/aws/config";
import { evaluateBudgets, sendDigests, type BudgetDeps } from "@/lib/budgets";
import { config } from "@/lib/config";
import { schema, withTenant, type Db } from "@/lib/db";
import { backfillCpu } from "@/lib/insights";
import { logger } from "@/lib/log";
import { mailer } from "@/lib/mail";

/*
 * Budgets and insights in the worker. `budgets-tick` (every 15 minutes, one schedule for all
 * workers) queues one `budgets-evaluate` per active tenant (stately, keyed by tenant): budget
 * alerts, then due cost digests. `insights-cpu-tick` (daily) queues `insights-cpu-backfill` per
 * (tenant, connection, region): 14 days of CPU for idle candidates, so "idle for 14 days" holds
 * without waiting two weeks after connecting.
 */
export const BUDGET_QUEUES = { tick: "budgets-tick", evaluate: "budgets-evaluate", cpuTick: "insights-cpu-tick", cpuBackfill: "insights-cpu-backfill" } as const;

const TenantJob = z.object({ tenantId: z.uuid() });
const BackfillJob = z.object({ tenantId: z.uuid(), connectionId: z.uuid(), region: z.string().min(1) });

export type BudgetJobDeps = { db: Db; aws?: AwsConfig; budgets?: BudgetDeps; now?: () => Date };

export async function registerBudgetJobs(boss: PgBoss, options: BudgetJobDeps): Promise<void> {
  const { appDomain, protocol } = config();
  const deps: BudgetDeps = options.budgets ?? { mailer: mailer(), origin: { appDomain, protocol } };
  const now = options.now ?? (() => new Date());
  const activeTenants = () => options.db.select({ id: schema.tenants.id }).from(schema.tenants).where(sql`${schema.tenants.status} = 'active'`);

  await boss.createQueue(BUDGET_QUEUES.tick, { policy: "singleton" });
  await boss.createQueue(BUDGET_QUEUES.evaluate, { policy: "stately", expireInSeconds: 600, retryLimit: 2, retryDelay: 30 });
  await boss.schedule(BUDGET_QUEUES.tick, "*/15 * * * *", null, { tz: "UTC" });
  await boss.work(BUDGET_QUEUES.tick, async () => {
    for (const t of await activeTenants()) await boss.send(BUDGET_QUEUES.evaluate, { tenantId: t.id }, { singletonKey: t.id });
  });
  await boss.work<unknown>(BUDGET_QUEUES.evaluate, { localConcurrency: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
    if (!job) return;
    const { tenantId } = TenantJob.parse(job.data);
    const at = now();
    const check = await evaluateBudgets({ db: options.db, tenantId, deps, now: at });
    const digests = await sendDigests({ db: options.db, tenantId, deps, now: at });
    if (check.fired || check.emailed || digests) logger.info({ tenantId, ...check, digests }, "budgets checked");
  });

  const aws = options.aws;
  if (!aws) return;
  await boss.createQueue(BUDGET_QUEUES.cpuTick, { policy: "singleton" });
  await boss.createQueue(BUDGET_QUEUES.cpuBackfill, { policy: "stately", expireInSeconds: 900, retryLimit: 2, retryDelay: 60, retryBackoff: true });
  await boss.schedule(BUDGET_QUEUES.cpuTick, "17 3 * * *", null, { tz: "UTC" });
  await boss.work(BUDGET_QUEUES.cpuTick, async () => {
    for (const t of await activeTenants()) {
      const connections = await withTenant(
        t.id,
        (tx) => tx.select().from(schema.awsConnections).where(and(eq(schema.awsConnections.tenantId, t.id), isNull(schema.awsConnections.disconnectedAt))),
        { db: options.db },
      );
      for (const c of connections) {
        for (const region of c.regions) {
          await boss.send(BUDGET_QUEUES.cpuBackfill, { tenantId: t.id, connectionId: c.id, region }, { singletonKey: `${t.id}:${c.id}:${region}` });
        }
      }
    }
  });
  await boss.work<unknown>(BUDGET_QUEUES.cpuBackfill, { localConcurrency: 1, pollingIntervalSeconds: 5 }, async ([job]) => {
    if (!job) return;
    const target = BackfillJob.parse(job.data);
    const result = await backfillCpu({ db: options.db, aws }, target);
    logger.info({ ...target, status: result.status, items: result.items, apiCalls: result.apiCalls }, "cpu backfill");
  });
}
