import { and, eq } from "drizzle-orm";
import type { CONNECTION_STATUSES, SYNC_KINDS } from "@/db/tables/aws";
import { schema, type Tx } from "@/lib/db";
import { GLOBAL_REGION, latestRuns, type LatestRun, type RunSlot } from "./latest-runs";

type RunKind = Exclude<(typeof SYNC_KINDS)[number], "initial">;
export type ConnectionHealth = { status: (typeof CONNECTION_STATUSES)[number]; lastError: string | null };

/** Where each kind of run is scheduled: once per monitored region, or once for the account (Cost Explorer is global). */
const KIND_SCOPE: Record<RunKind, "region" | "account"> = { inventory: "region", metrics: "region", costs: "account" };

/**
 * Locks the connection's row until the transaction ends and returns what health is computed from.
 * Two runs of one connection finishing at once take turns here, so the second reads the
 * missing permissions and the latest runs as the first committed them.
 */
export async function lockConnection(tx: Tx, tenantId: string, connectionId: string): Promise<{ regions: string[]; missingPermissions: string[] } | null> {
  const [row] = await tx
    .select({ regions: schema.awsConnections.regions, missingPermissions: schema.awsConnections.missingPermissions })
    .from(schema.awsConnections)
    .where(and(eq(schema.awsConnections.tenantId, tenantId), eq(schema.awsConnections.id, connectionId)))
    .for("update");
  return row ?? null;
}

/** A run that failed for another reason than a denied permission (a denial makes the connection degraded, not failing). */
function failedHard(run: LatestRun): boolean {
  const denied = run.details.denied;
  return run.status === "failed" && !(Array.isArray(denied) && denied.length > 0);
}

function describe(run: LatestRun): string {
  return run.region === GLOBAL_REGION ? run.kind : `${run.kind} in ${run.region}`;
}

/**
 * The latest finished run of each (region, kind) the connection collects: monitored regions only
 * (a removed region's last failure no longer counts), plus `current`, the run being recorded.
 */
async function latestFinished(tx: Tx, tenantId: string, connectionId: string, regions: string[], current?: { region: string; kind: RunKind }): Promise<LatestRun[]> {
  const slots: RunSlot[] = [];
  for (const kind of Object.keys(KIND_SCOPE) as RunKind[]) {
    if (KIND_SCOPE[kind] === "account") slots.push({ connectionId, region: GLOBAL_REGION, kind });
    else for (const region of regions) slots.push({ connectionId, region, kind });
  }
  if (current && KIND_SCOPE[current.kind] === "region" && !regions.includes(current.region)) slots.push({ connectionId, ...current });
  return [...(await latestRuns(tx, tenantId, slots, "finished")).values()];
}

/**
 * Writes the connection's health and missing permissions: failing when the latest run of some
 * (region, kind) failed for another reason than a denied permission (with that run's error),
 * degraded when a permission is missing, healthy once a run has finished, else still pending.
 * Call after lockConnection, in the same transaction as the change that prompted it.
 */
export async function writeConnectionHealth(
  tx: Tx,
  args: { tenantId: string; connectionId: string; regions: string[]; missing: string[]; current?: { region: string; kind: RunKind } },
): Promise<ConnectionHealth> {
  const runs = await latestFinished(tx, args.tenantId, args.connectionId, args.regions, args.current);
  const failing = runs.filter(failedHard).sort((a, b) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0));
  const missing = [...new Set(args.missing)].sort();
  let health: ConnectionHealth;
  if (failing[0]) {
    const [last, ...others] = failing;
    const also = others.length ? ` Also failing: ${others.map(describe).join(", ")}.` : "";
    health = { status: "failing", lastError: `The last ${describe(last)} run failed: ${last.error ?? "no reason was recorded."}${also}` };
  } else if (missing.length) {
    health = { status: "degraded", lastError: `Missing permissions: ${missing.join(", ")}` };
  } else {
    health = { status: runs.length ? "healthy" : "pending", lastError: null };
  }
  await tx
    .update(schema.awsConnections)
    .set({ ...health, missingPermissions: missing })
    .where(and(eq(schema.awsConnections.tenantId, args.tenantId), eq(schema.awsConnections.id, args.connectionId)));
  return health;
}
