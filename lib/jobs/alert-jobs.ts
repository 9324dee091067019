import type { PgBoss } from "pg-boss";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { ALERTS_CHANNEL, evaluateTenant, type Origin } from "@/lib/alerts";
import { config } from "@/lib/config";
import { keyring, type Keyring } from "@/lib/crypto";
import { schema, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { listenForTenants } from "./listen-tenants";
import { deliverOutbox, nextDeliveryAt, notifyDeps, type NotifyDeps } from "@/lib/notify";

/*
 * Alert evaluation and notification delivery. `alerts-tick` runs every minute (one pg-boss
 * schedule across all workers) and fans out one `alerts-evaluate` job per active tenant (stately,
 * keyed by tenant: one queued and one running per tenant, whichever worker takes it). Each
 * evaluation then delivers the tenant's outbox; when a channel is backing off, an
 * `alerts-deliver` job is queued for the moment it is due. A rule change NOTIFYs the workers,
 * which evaluate that tenant at once.
 */
export const ALERT_QUEUES = { tick: "alerts-tick", evaluate: "alerts-evaluate", deliver: "alerts-deliver" } as const;

const TenantJob = z.object({ tenantId: z.uuid() });

export type AlertJobDeps = { db: Db; keyring?: Keyring; notify?: NotifyDeps; origin?: Origin; now?: () => Date };

type CycleDeps = { db: Db; keyring: Keyring | (() => Keyring); notify: NotifyDeps; origin: Origin; now: () => Date };

export async function runAlertCycle(deps: CycleDeps, tenantId: string) {
  const evaluation = await evaluateTenant({ db: deps.db, tenantId, now: deps.now(), origin: deps.origin });
  const delivery = await deliverOutbox({ db: deps.db, tenantId, keyring: deps.keyring, deps: deps.notify, now: deps.now() });
  return { evaluation, delivery };
}

export async function registerAlertJobs(boss: PgBoss, options: AlertJobDeps): Promise<{ stop(): Promise<void> }> {
  const { appDomain, protocol } = config();
  const deps: CycleDeps = {
    db: options.db,
    // Read when a channel first needs it, so a worker in a setup without channels needs no key.
    keyring: options.keyring ?? (() => keyring()),
    notify: options.notify ?? notifyDeps(),
    origin: options.origin ?? { appDomain, protocol },
    now: options.now ?? (() => new Date()),
  };
  await boss.createQueue(ALERT_QUEUES.tick, { policy: "singleton" });
  await boss.createQueue(ALERT_QUEUES.evaluate, { policy: "stately", expireInSeconds: 300, retryLimit: 1, retryDelay: 10 });
  await boss.createQueue(ALERT_QUEUES.deliver, { policy: "stately", expireInSeconds: 600, retryLimit: 2, retryDelay: 10, retryBackoff: true });
  await boss.schedule(ALERT_QUEUES.tick, "* * * * *", null, { tz: "UTC" });

  const evaluateSoon = (tenantId: string) => boss.send(ALERT_QUEUES.evaluate, { tenantId }, { singletonKey: tenantId });
  const deliverAt = async (tenantId: string) => {
    const at = await nextDeliveryAt(deps.db, tenantId);
    if (at) await boss.send(ALERT_QUEUES.deliver, { tenantId }, { singletonKey: tenantId, startAfter: at.getTime() > Date.now() ? at : undefined });
  };

  await boss.work(ALERT_QUEUES.tick, async () => {
    const tenants = await deps.db.select({ id: schema.tenants.id }).from(schema.tenants).where(sql`${schema.tenants.status} = 'active'`);
    for (const t of tenants) await evaluateSoon(t.id);
  });
  await boss.work<unknown>(ALERT_QUEUES.evaluate, { localConcurrency: 2, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const { tenantId } = TenantJob.parse(job.data);
    const { evaluation, delivery } = await runAlertCycle(deps, tenantId);
    if (evaluation.transitions || delivery.sent || delivery.failed) logger.info({ tenantId, ...evaluation, delivery }, "alerts evaluated");
    if (delivery.failed) await deliverAt(tenantId);
  });
  await boss.work<unknown>(ALERT_QUEUES.deliver, { localConcurrency: 2, pollingIntervalSeconds: 2 }, async ([job]) => {
    if (!job) return;
    const { tenantId } = TenantJob.parse(job.data);
    const delivery = await deliverOutbox({ db: deps.db, tenantId, keyring: deps.keyring, deps: deps.notify, now: deps.now() });
    if (delivery.failed) await deliverAt(tenantId);
  });

  return listenForTenants(boss, deps.db, ALERTS_CHANNEL, evaluateSoon);
}
