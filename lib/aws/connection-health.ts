import { and, eq, sql } from "drizzle-orm";
import type { CONNECTION_STATUSES, SYNC_KINDS } from "@/db/tables/aws";
import { schema, type Tx } from "@/lib/db";

type RunKind = Exclude<(typeof SYNC_KINDS)[number], "initial">;
export type ConnectionHealth = { status: (typeof CONNECTION_STATUSES)[number]; lastError: string | null };

/** Where each kind of run is scheduled: once per monitored region, or once for the account (Cost Explorer is global). */
const KIND_SCOPE: Record<RunKind, "region" | "account"> = { inventory: "region", metrics: "region", costs: "account" };

type LatestRun = { region: string; kind: RunKind; status: string; error: string | null; details: Record<string, unknown>; finished_at: string | Date };

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
  return KIND_SCOPE[run.kind] === "region" ? `${run.kind} in ${run.region}` : run.kind;
}

/**
 * The latest finished run of each (region, kind) the connection collects: monitored regions only
 * (a removed region's last failure no longer counts), plus `current`, the run being recorded.
 * One statement; each lateral probe walks the (tenant_id, connection_id, started_at) index
 * backwards and stops at the first match, so its cost does not grow with the history.
 */
async function latestRuns(tx: Tx, tenantId: string, connectionId: string, regions: string[], current?: { region: string; kind: RunKind }): Promise<LatestRun[]> {
  const targets = new Map<string, { region: string | null; kind: RunKind }>();
  const add = (region: string | null, kind: RunKind) => targets.set(`${region ?? "*"}|${kind}`, { region, kind });
  for (const kind of Object.keys(KIND_SCOPE) as RunKind[]) {
    if (KIND_SCOPE[kind] === "account") add(null, kind);
    else for (const region of regions) add(region, kind);
  }
  if (current && KIND_SCOPE[current.kind] === "region") add(current.region, current.kind);
  const list = [...targets.values()];
  const result = await tx.execute<LatestRun>(sql`
    select r.region, r.kind, r.status, r.error, r.details, r.finished_at
      from unnest(${sql.param(list.map((t) => t.region))}::text[], ${sql.param(list.map((t) => t.kind))}::text[]) as t(region, kind)
      cross join lateral (
        select s.region, s.kind, s.status, s.error, s.details, s.finished_at
          from sync_runs s
         where s.tenant_id = ${tenantId} and s.connection_id = ${connectionId}
           and s.kind = t.kind and (t.region is null or s.region = t.region)
           and s.finished_at is not null
         order by s.started_at desc
         limit 1) r`);
  return result.rows;
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
  const runs = await latestRuns(tx, args.tenantId, args.connectionId, args.regions, args.current);
  const failing = runs.filter(failedHard).sort((a, b) => new Date(b.finished_at).getTime() - new Date(a.finished_at).getTime());
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
