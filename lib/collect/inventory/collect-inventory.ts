import { and, eq, sql } from "drizzle-orm";
import { awsNow } from "@/lib/aws/config";
import { schema, withTenant, type Tx } from "@/lib/db";
import type { SyncContext, SyncOutcome } from "../run-sync";
import { describeInventory } from "./describe-inventory";
import { storeInventory, type InventoryChanges } from "./store-inventory";

/**
 * Whether the region is still watched, holding the connection row FOR SHARE until the store
 * commits: a disconnect or region removal (which updates that row, then closes the open
 * versions) either waits for this store or is seen by it, so a run that was already listing
 * cannot reopen what was just closed.
 */
async function stillWatched(tx: Tx, tenantId: string, connectionId: string, region: string): Promise<boolean> {
  const c = schema.awsConnections;
  const [row] = await tx
    .select({ watched: sql<boolean>`${c.disconnectedAt} is null and ${region} = any(${c.regions})` })
    .from(c)
    .where(and(eq(c.tenantId, tenantId), eq(c.id, connectionId)))
    .for("share");
  return row?.watched === true;
}

/** Inventory of one (connection, region): list everything, then record what changed in one transaction. */
export async function collectInventory(ctx: SyncContext): Promise<SyncOutcome> {
  const inventory = await describeInventory(ctx.session);
  ctx.signal?.throwIfAborted();
  const observedAt = awsNow(ctx.deps.aws);
  const { tenantId, id: connectionId } = ctx.connection;
  const region = ctx.session.region;
  const changes = await withTenant(
    tenantId,
    async (tx): Promise<InventoryChanges | null> => {
      if (!(await stillWatched(tx, tenantId, connectionId, region))) return null;
      return storeInventory(tx, {
        tenantId,
        connectionId,
        region,
        kinds: inventory.listedKinds,
        observed: inventory.resources,
        observedAt,
        recordedAt: new Date(),
      });
    },
    { db: ctx.deps.db },
  );
  if (!changes) return { items: 0, denied: inventory.denied, details: { stored: false, reason: "The connection was disconnected or the region removed during the run." } };
  return {
    items: changes.added + changes.changed + changes.vanished,
    denied: inventory.denied,
    details: { ...changes, resources: inventory.resources.length },
  };
}
