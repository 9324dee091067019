import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { closeInventory } from "@/lib/collect/inventory/close-inventory";
import { schema, withTenant } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { requireAwsAdmin } from "./access";
import type { AwsConfig } from "./config";
import { getConnectionInTenant, type Connection } from "./connection-queries";
import { forgetRoleSession } from "./credential-store";
import { listEnabledRegions } from "./discover-regions";
import { externalIdOf } from "./external-id";
import { UpdateConnectionInput } from "./schemas";
import { openSession } from "./session";
import { roleTarget } from "./test-connection";

const DISCONNECTED = "This AWS connection is disconnected; connect the role again to change it.";

/**
 * The account's enabled regions read again, when a request names a region the stored list lacks
 * (the customer enabled a region since connecting, or the row predates the list). Null when AWS
 * cannot tell us: then the stored list stands.
 */
async function rereadEnabledRegions(ctx: TenantContext, aws: AwsConfig, connection: Connection): Promise<string[] | null> {
  const target = roleTarget(ctx.tenant.id, connection.roleArn, await externalIdOf(ctx.db, ctx.tenant.id));
  const session = openSession(aws, target, aws.homeRegion);
  try {
    const enabled = await listEnabledRegions(session);
    return enabled.length ? enabled : null;
  } catch {
    return null;
  } finally {
    session.close();
  }
}

function regionProblem(requested: string[], enabled: string[], accountId: string): string | null {
  const unknown = requested.filter((r) => !enabled.includes(r));
  if (unknown.length === 0) return null;
  return `${unknown.join(", ")} ${unknown.length === 1 ? "is" : "are"} not enabled in AWS account ${accountId}. Enabled regions: ${enabled.join(", ")}.`;
}

/**
 * Name, regions, metrics schedule and cost allocation tag keys. Regions must be enabled in the
 * account (when its list is known); a removed region's inventory is closed, since Monitr no
 * longer watches it. With `aws`, a region missing from the stored list makes us ask AWS again.
 */
export async function updateConnection({
  ctx,
  id,
  input,
  aws,
}: {
  ctx: TenantContext;
  id: string;
  input: { name?: string; regions?: string[]; metricsIntervalSeconds?: number; costTagKeys?: string[] };
  aws?: AwsConfig;
}): Promise<Connection> {
  requireAwsAdmin(ctx);
  const data = parseInput(UpdateConnectionInput, input);
  const requested = data.regions ? [...new Set(data.regions)].sort() : undefined;

  let reread: string[] | null = null;
  if (requested && aws) {
    // Outside the transaction: no row stays locked while AWS answers.
    const before = await withTenant(ctx.tenant.id, (tx) => getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id }), { db: ctx.db });
    if (before.disconnectedAt) throw new ConflictError(DISCONNECTED);
    if (requested.some((r) => !before.availableRegions.includes(r))) reread = await rereadEnabledRegions(ctx, aws, before);
  }

  const result = await withTenant(
    ctx.tenant.id,
    async (tx): Promise<{ connection: Connection } | { regionsError: string }> => {
      const current = await getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id });
      if (current.disconnectedAt) throw new ConflictError(DISCONNECTED);
      const enabled = reread ?? current.availableRegions;
      const problem = requested && enabled.length ? regionProblem(requested, enabled, current.awsAccountId) : null;
      if (problem) {
        // Keep what AWS just told us, so the picker offers the right regions on the next load.
        if (reread) await tx.update(schema.awsConnections).set({ availableRegions: reread }).where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, id)));
        return { regionsError: problem };
      }
      const changes = {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(requested !== undefined ? { regions: requested } : {}),
        ...(reread && reread.join() !== current.availableRegions.join() ? { availableRegions: reread } : {}),
        ...(data.metricsIntervalSeconds !== undefined ? { metricsIntervalSeconds: data.metricsIntervalSeconds } : {}),
        ...(data.costTagKeys !== undefined ? { costTagKeys: data.costTagKeys } : {}),
      };
      if (Object.keys(changes).length === 0) return { connection: current };
      const [row] = await tx
        .update(schema.awsConnections)
        .set(changes)
        .where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, id)))
        .returning();
      // After the row update: an inventory run storing now holds that row, so it finishes first
      // (and is closed here) or waits and then sees the region gone.
      const removed = requested ? current.regions.filter((r) => !requested.includes(r)) : [];
      const { closed } = await closeInventory(tx, { tenantId: ctx.tenant.id, connectionId: id, regions: removed, at: new Date() });
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: "aws.connection_updated",
        target: id,
        data: { ...changes, ...(removed.length ? { regionsRemoved: removed, resourcesClosed: closed } : {}) },
      });
      return { connection: row ?? current };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  if ("regionsError" in result) throw new ValidationError("Check these fields: regions.", { regions: result.regionsError });
  return result.connection;
}

/**
 * Stops collection (the scheduler skips disconnected connections) and closes the open inventory
 * at the disconnect time: Monitr no longer knows what exists there. Collected data stays.
 */
export async function disconnectConnection({ ctx, id }: { ctx: TenantContext; id: string }): Promise<Connection> {
  requireAwsAdmin(ctx);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const current = await getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id });
      if (current.disconnectedAt) return current;
      const at = new Date();
      const [row] = await tx
        .update(schema.awsConnections)
        .set({ disconnectedAt: at })
        .where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, id)))
        .returning();
      const { closed } = await closeInventory(tx, { tenantId: ctx.tenant.id, connectionId: id, at });
      // No worker may pick up the role's session after this; a run already going finishes, the next is skipped.
      await forgetRoleSession(tx, ctx.tenant.id, { roleArn: current.roleArn, externalId: ctx.tenant.externalId });
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: "aws.connection_disconnected",
        target: id,
        data: { roleArn: current.roleArn, awsAccountId: current.awsAccountId, resourcesClosed: closed },
      });
      return row ?? current;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
