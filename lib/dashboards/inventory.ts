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
