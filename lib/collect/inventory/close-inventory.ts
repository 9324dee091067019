import { and, eq, inArray, isNull } from "drizzle-orm";
import { RESOURCE_KINDS } from "@/db/tables/aws";
import { schema, type Tx } from "@/lib/db";
import { storeInventory } from "./store-inventory";

/**
 * Ends what Monitr claims about a connection's resources now, when it stops watching them
 * (the connection is disconnected, or regions are removed from it): each open version is closed
 * at `at` exactly as a vanished resource is — the believed row closed in recorded time, a copy
 * with its valid_to recorded — so "as known before" still answers with the old belief.
 * Call it after updating the connection row in the same transaction: the inventory collector
 * holds that row FOR SHARE while it stores, so neither can reopen what the other closed.
 */
export async function closeInventory(
  tx: Tx,
  args: { tenantId: string; connectionId: string; regions?: string[]; at: Date },
): Promise<{ closed: number }> {
  const { tenantId, connectionId, at } = args;
  if (args.regions && args.regions.length === 0) return { closed: 0 };
  const r = schema.resources;
  const open = await tx
    .selectDistinct({ region: r.region })
    .from(r)
    .where(
      and(
        eq(r.tenantId, tenantId),
        eq(r.connectionId, connectionId),
        args.regions ? inArray(r.region, args.regions) : undefined,
        isNull(r.validTo),
        isNull(r.recordedTo),
      ),
    );
  let closed = 0;
  for (const { region } of open) {
    const changes = await storeInventory(tx, { tenantId, connectionId, region, kinds: [...RESOURCE_KINDS], observed: [], observedAt: at, recordedAt: at });
    closed += changes.vanished;
  }
  return { closed };
}
