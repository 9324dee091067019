import { sql } from "drizzle-orm";
import { listResourcesAt, type ResourceVersion } from "@/lib/collect";
import type { Tx } from "@/lib/db";
import type { RESOURCE_KINDS } from "@/db/tables/aws";

type Kind = (typeof RESOURCE_KINDS)[number];

/**
 * The inventory of one kind at `validAt` as known at `asOf`, one version per resource. A past
 * view ("as known at") reads the fleet as Monitr listed it then.
 */
export async function inventoryAt(tx: Tx, args: { kind: Kind; validAt: Date; asOf?: Date }): Promise<ResourceVersion[]> {
  const rows = await listResourcesAt({ tx, kind: args.kind, validAt: args.validAt, ...(args.asOf ? { asOf: args.asOf } : {}) });
  const seen = new Set<string>();
  return rows.filter((r) => {
    const key = `${r.connectionId}|${r.region}|${r.resourceId}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The moment whose inventory a range shows: its end, never in the future. */
export function inventoryMoment(args: { to: Date; asOf?: Date; now: Date }): Date {
  return new Date(Math.min(args.to.getTime(), (args.asOf ?? args.now).getTime()));
}

export const attr = (r: ResourceVersion, key: string): string | null => {
  const v = r.attributes[key];
  return typeof v === "string" ? v : typeof v === "number" ? String(v) : null;
};

export const attrNumber = (r: ResourceVersion, key: string): number | null => {
  const v = r.attributes[key];
  return typeof v === "number" ? v : null;
};

/** Names of some resources at `validAt` as known at `asOf`: one indexed lookup, not the whole inventory. */
export async function resourceNames(tx: Tx, args: { kind: Kind; ids: string[]; validAt: Date; asOf?: Date }): Promise<Map<string, string>> {
  if (args.ids.length === 0) return new Map();
  const at = args.validAt.toISOString();
  const known = (args.asOf ?? new Date()).toISOString();
  const rows = await tx.execute<{ resource_id: string; name: string }>(sql`
    select distinct on (resource_id) resource_id, name from resources
     where tenant_id = app_current_tenant() and kind = ${args.kind} and resource_id = any(${sql.param(args.ids)}::text[]) and name is not null
       and valid_from <= ${at}::timestamptz and (valid_to is null or valid_to > ${at}::timestamptz)
       and recorded_from <= ${known}::timestamptz and (recorded_to is null or recorded_to > ${known}::timestamptz)
     order by resource_id, valid_from desc`);
  return new Map(rows.rows.map((r) => [r.resource_id, r.name]));
}
