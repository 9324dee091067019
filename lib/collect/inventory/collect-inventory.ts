import { awsNow } from "@/lib/aws/config";
import { withTenant } from "@/lib/db";
import type { SyncContext, SyncOutcome } from "../run-sync";
import { describeInventory } from "./describe-inventory";
import { storeInventory } from "./store-inventory";

/** Inventory of one (connection, region): list everything, then record what changed in one transaction. */
export async function collectInventory(ctx: SyncContext): Promise<SyncOutcome> {
  const inventory = await describeInventory(ctx.session);
  ctx.signal?.throwIfAborted();
  const observedAt = awsNow(ctx.deps.aws);
  const changes = await withTenant(
    ctx.connection.tenantId,
    (tx) =>
      storeInventory(tx, {
        tenantId: ctx.connection.tenantId,
        connectionId: ctx.connection.id,
        region: ctx.session.region,
        kinds: inventory.listedKinds,
        observed: inventory.resources,
        observedAt,
        recordedAt: new Date(),
      }),
    { db: ctx.deps.db },
  );
  return {
    items: changes.added + changes.changed + changes.vanished,
    denied: inventory.denied,
    details: { ...changes, resources: inventory.resources.length },
  };
}
