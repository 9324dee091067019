import { and, eq } from "drizzle-orm";
import { GLOBAL_REGION, INITIAL_REGION } from "@/lib/aws/latest-runs";
import { schema, withTenant } from "@/lib/db";
import { tryCollectionLock } from "./collection-lock";
import { collectCosts } from "./costs/collect-costs";
import { collectInventory } from "./inventory/collect-inventory";
import { collectMetrics } from "./metrics/collect-metrics";
import { loadConnection, openRun, runSync, type CollectDeps, type SyncResult } from "./run-sync";

export { GLOBAL_REGION };

/**
 * The first sync after connecting: inventory of every region, then metrics, then costs. Each
 * step is an ordinary run with its own sync_runs row; the "initial" row carries the progress the
 * onboarding page shows (resources found, series, points, costs) and ends when all are done.
 * An "initial" row left running by a killed worker is closed as interrupted when the next one
 * starts (it holds the lock, so nothing else can be running). `signal` (the job's, aborted when
 * it expires) stops the sync before its next step and fails its row.
 */
export async function runInitialSync(
  deps: CollectDeps,
  target: { tenantId: string; connectionId: string },
  options: { signal?: AbortSignal } = {},
): Promise<SyncResult | null> {
  const { tenantId, connectionId } = target;
  const { signal } = options;
  const lock = await tryCollectionLock(deps.db, `${tenantId}:${connectionId}:*:initial`);
  if (!lock) return null;
  try {
    const connection = await loadConnection(deps.db, { tenantId, connectionId });
    if (!connection || connection.disconnectedAt) return null;
    const runId = await openRun(deps.db, { tenantId, connectionId, region: INITIAL_REGION, kind: "initial" });
    const details: Record<string, unknown> = { resourcesFound: 0, seriesFound: 0, pointsLoaded: 0, costsLoaded: false };
    const results: SyncResult[] = [];
    const save = (status?: "succeeded" | "partial" | "failed", error?: string) =>
      withTenant(
        tenantId,
        (tx) =>
          tx
            .update(schema.syncRuns)
            .set({
              details: { ...details },
              apiCalls: results.reduce((n, r) => n + r.apiCalls, 0),
              items: results.reduce((n, r) => n + r.items, 0),
              ...(status ? { status, finishedAt: new Date(), error: error ?? results.find((r) => r.error)?.error ?? null } : {}),
            })
            .where(and(eq(schema.syncRuns.tenantId, tenantId), eq(schema.syncRuns.id, runId))),
        { db: deps.db },
      );
    const num = (v: unknown) => (typeof v === "number" ? v : 0);
    const step = { ...(signal ? { signal } : {}), rethrow: false };
    const checkpoint = async () => {
      if (!signal?.aborted) return;
      await save("failed", "Stopped: the sync ran past its time limit or its worker shut down; the queue retries it.");
      signal.throwIfAborted();
    };
    for (const region of connection.regions) {
      await checkpoint();
      const r = await runSync(deps, { tenantId, connectionId, region, kind: "inventory" }, collectInventory, step);
      results.push(r);
      details.resourcesFound = num(details.resourcesFound) + num(r.details.resources);
      await save();
    }
    for (const region of connection.regions) {
      await checkpoint();
      const r = await runSync(deps, { tenantId, connectionId, region, kind: "metrics" }, collectMetrics, step);
      results.push(r);
      details.seriesFound = num(details.seriesFound) + num(r.details.seriesFound);
      details.pointsLoaded = num(details.pointsLoaded) + num(r.details.pointsLoaded);
      await save();
    }
    await checkpoint();
    const costs = await runSync(deps, { tenantId, connectionId, region: GLOBAL_REGION, kind: "costs" }, collectCosts, step);
    results.push(costs);
    details.costsLoaded = costs.details.costsLoaded === true;
    const failed = results.filter((r) => r.status === "failed" || r.status === "skipped").length;
    const status = failed === results.length ? "failed" : failed > 0 || results.some((r) => r.status === "partial") ? "partial" : "succeeded";
    await save(status);
    return { status, runId, apiCalls: results.reduce((n, r) => n + r.apiCalls, 0), items: results.reduce((n, r) => n + r.items, 0), denied: [...new Set(results.flatMap((r) => r.denied))], details };
  } finally {
    await lock.release();
  }
}
