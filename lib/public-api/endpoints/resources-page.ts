import { and, asc, eq, gt, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import type { ResourceVersion } from "@/lib/collect";

/**
 * One page of the inventory as it was at `validAt`, as known at `asOf` — the same bitemporal
 * conditions as lib/collect's listResourcesAt — ordered by (kind, resource id, version id) and
 * starting after a keyset cursor, so the API never loads the whole inventory for one page.
 */
export async function listResourcesPage(args: {
  tx: Tx;
  kind?: ResourceVersion["kind"];
  state?: string;
  connectionId?: string;
  validAt: Date;
  asOf: Date;
  after: { kind: string; resourceId: string; id: number } | null;
  limit: number;
}): Promise<ResourceVersion[]> {
  const r = schema.resources;
  const conditions: (SQL | undefined)[] = [
    args.kind ? eq(r.kind, args.kind) : undefined,
    args.state ? eq(r.state, args.state) : undefined,
    args.connectionId ? eq(r.connectionId, args.connectionId) : undefined,
    lte(r.validFrom, args.validAt),
    or(isNull(r.validTo), gt(r.validTo, args.validAt)),
    lte(r.recordedFrom, args.asOf),
    or(isNull(r.recordedTo), gt(r.recordedTo, args.asOf)),
    args.after ? sql`(${r.kind}, ${r.resourceId}, ${r.id}) > (${args.after.kind}, ${args.after.resourceId}, ${args.after.id})` : undefined,
  ];
  return args.tx
    .select()
    .from(r)
    .where(and(...conditions))
    .orderBy(asc(r.kind), asc(r.resourceId), asc(r.id))
    .limit(args.limit);
}
