import { sql } from "drizzle-orm";
import type { SYNC_KINDS } from "@/db/tables/aws";
import type { Tx } from "@/lib/db";

/** The region of account-wide runs (Cost Explorer is global) and of the initial sync, in sync_runs. */
export const GLOBAL_REGION = "global";
export const INITIAL_REGION = "all";

export type RunSlot = { connectionId: string; region: string; kind: (typeof SYNC_KINDS)[number] };
export type LatestRun = RunSlot & {
  status: string;
  error: string | null;
  details: Record<string, unknown>;
  carry: Record<string, unknown>;
  startedAt: Date;
  finishedAt: Date | null;
};

/** Which runs count as "the latest": any (a running one too), finished ones, or those that did their work. */
export type RunFilter = "any" | "finished" | "succeeded";

export const slotKey = (s: RunSlot) => `${s.connectionId}|${s.region}|${s.kind}`;

/**
 * The latest run of each (connection, region, kind) slot, in one statement: each lateral probe walks
 * the (tenant_id, connection_id, kind, region, started_at) index backwards and stops at the first
 * match, so the cost does not grow with the history. The scheduler, connection health, the
 * collector's deferral and the collection-cost estimate all read sync history through here.
 */
export async function latestRuns(tx: Tx, tenantId: string, slots: readonly RunSlot[], filter: RunFilter = "finished"): Promise<Map<string, LatestRun>> {
  const found = new Map<string, LatestRun>();
  if (slots.length === 0) return found;
  const condition =
    filter === "any" ? sql`true` : filter === "finished" ? sql`s.finished_at is not null` : sql`s.status in ('succeeded', 'partial')`;
  const rows = await tx.execute<{ connection_id: string; region: string; kind: RunSlot["kind"]; status: string; error: string | null; details: Record<string, unknown>; carry: Record<string, unknown>; started_at: string | Date; finished_at: string | Date | null }>(sql`
    select r.*
      from unnest(${sql.param(slots.map((s) => s.connectionId))}::uuid[], ${sql.param(slots.map((s) => s.region))}::text[], ${sql.param(slots.map((s) => s.kind))}::text[]) as t(connection_id, region, kind)
      cross join lateral (
        select s.connection_id, s.region, s.kind, s.status, s.error, s.details, s.carry, s.started_at, s.finished_at
          from sync_runs s
         where s.tenant_id = ${tenantId} and s.connection_id = t.connection_id and s.kind = t.kind and s.region = t.region and ${condition}
         order by s.started_at desc
         limit 1) r`);
  for (const r of rows.rows) {
    const run: LatestRun = {
      connectionId: r.connection_id,
      region: r.region,
      kind: r.kind,
      status: r.status,
      error: r.error,
      details: r.details ?? {},
      carry: r.carry ?? {},
      startedAt: new Date(r.started_at),
      finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
    };
    found.set(slotKey(run), run);
  }
  return found;
}
