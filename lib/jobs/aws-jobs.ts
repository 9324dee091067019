import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { AWS_SYNC_CHANNEL } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import { configuredKeyring, type Keyring } from "@/lib/crypto";
import { collectCosts, collectInventory, collectMetrics, runInitialSync, runSync, type CollectDeps, type SyncKind } from "@/lib/collect";
import type { Db } from "@/lib/db";
import { listenForTenants } from "./listen-tenants";
import { AWS_QUEUES, scheduleDueSyncs } from "./schedule-syncs";

const CollectJob = z.object({ tenantId: z.uuid(), connectionId: z.uuid(), region: z.string().min(1) });

/*
 * Retried by the queue with backoff when a run still fails after the in-run retries.
 * - heartbeatSeconds: a running job's worker refreshes it every half of this; pg-boss's monitor
 *   fails (and so retries) a job whose worker stopped refreshing, so a killed worker frees the
 *   job's singleton key within about a minute instead of at expiry.
 * - expireInSeconds bounds a live worker whose run hangs (an account whose API calls time out);
 *   the job's abort signal then stops the run at its next step.
 */
export const AWS_QUEUE_OPTIONS = {
  [AWS_QUEUES.initial]: { expireInSeconds: 3600, retryLimit: 3, heartbeatSeconds: 20 },
  [AWS_QUEUES.inventory]: { expireInSeconds: 600, retryLimit: 2, heartbeatSeconds: 20 },
  [AWS_QUEUES.metrics]: { expireInSeconds: 300, retryLimit: 1, heartbeatSeconds: 20 },
  [AWS_QUEUES.costs]: { expireInSeconds: 1800, retryLimit: 3, heartbeatSeconds: 20 },
} as const;

/*
 * Jobs carry their tenant as pg-boss group (schedule-syncs.ts), and each worker runs at most this
 * many of one tenant's jobs per queue at once. A tenant whose calls hang holds at most these of a
 * worker's slots; its further jobs are left out of the worker's fetches until one finishes, so the
 * other slots take other tenants' jobs. Counted in memory per worker (localGroupConcurrency):
 * pg-boss's fleet-wide groupConcurrency counts in the fetch query, and fetches running at the same
 * moment each see the group below its limit, so a burst could still hand one tenant every slot.
 * Initial syncs walk every region in turn, one per tenant.
 */
export const TENANT_CONCURRENCY = { initial: 1, perKind: 2 } as const;

const COLLECTORS: Record<SyncKind, Parameters<typeof runSync>[2]> = { inventory: collectInventory, metrics: collectMetrics, costs: collectCosts };
const QUEUE_KIND: Record<string, SyncKind> = { [AWS_QUEUES.inventory]: "inventory", [AWS_QUEUES.metrics]: "metrics", [AWS_QUEUES.costs]: "costs" };

export type AwsJobs = { stop(): Promise<void> };

/**
 * Registers AWS collection with a started pg-boss: the per-minute scheduler (one schedule across
 * all workers), one queue per kind with the `stately` policy and a singleton key per (tenant,
 * connection, region) — at most one queued and one running job per key, so two workers never
 * collect the same thing at once — and a LISTEN that schedules a new connection's initial sync
 * at once instead of at the next minute.
 */
export async function registerAwsJobs(boss: PgBoss, options: { db: Db; aws: AwsConfig; concurrency?: number; keyring?: Keyring }): Promise<AwsJobs> {
  // With APP_ENCRYPTION_KEY set, the workers share each role's session (lib/aws/credential-store.ts).
  const keyring = options.keyring ?? configuredKeyring();
  const deps: CollectDeps = { db: options.db, aws: options.aws, ...(keyring ? { keyring } : {}) };
  const concurrency = options.concurrency ?? 4;
  await boss.createQueue(AWS_QUEUES.tick, { policy: "singleton" });
  for (const [name, queueOptions] of Object.entries(AWS_QUEUE_OPTIONS)) {
    const settings = { retryDelay: 15, retryBackoff: true, ...queueOptions };
    await boss.createQueue(name, { policy: "stately", ...settings });
    // createQueue leaves an existing queue as it is: bring a deployed one to these settings.
    await boss.updateQueue(name, settings);
  }
  await boss.schedule(AWS_QUEUES.tick, "* * * * *", null, { tz: "UTC" });
  await boss.work(AWS_QUEUES.tick, async () => {
    await scheduleDueSyncs(boss, options.db);
  });

  for (const queue of [AWS_QUEUES.inventory, AWS_QUEUES.metrics, AWS_QUEUES.costs]) {
    const kind = QUEUE_KIND[queue] as SyncKind;
    const workOptions = { localConcurrency: concurrency, localGroupConcurrency: Math.min(TENANT_CONCURRENCY.perKind, concurrency), pollingIntervalSeconds: 2 };
    await boss.work<unknown>(queue, workOptions, async ([job]) => {
      if (!job) return;
      const data = CollectJob.parse(job.data);
      await runSync(deps, { ...data, kind }, COLLECTORS[kind], { signal: job.signal });
    });
  }
  await boss.work<unknown>(AWS_QUEUES.initial, { localConcurrency: 2, localGroupConcurrency: TENANT_CONCURRENCY.initial, pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const data = CollectJob.parse(job.data);
    await runInitialSync(deps, data, { signal: job.signal });
  });

  return listenForTenants(boss, options.db, AWS_SYNC_CHANNEL, (tenantId) => scheduleDueSyncs(boss, options.db, { tenantIds: [tenantId] }));
}
