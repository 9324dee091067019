import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ConflictError } from "@/lib/http/errors";
import { forgetRoleSession } from "./credential-store";
import { parseInput } from "@/lib/http/validate";
import { requireAwsAdmin } from "./access";
import { getConnectionInTenant, type Connection } from "./connection-queries";
import { UpdateConnectionInput } from "./schemas";

export async function updateConnection({
  ctx,
  id,
  input,
}: {
  ctx: TenantContext;
  id: string;
  input: { name?: string; regions?: string[]; metricsIntervalSeconds?: number; costTagKeys?: string[] };
}): Promise<Connection> {
  requireAwsAdmin(ctx);
  const data = parseInput(UpdateConnectionInput, input);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const current = await getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id });
      if (current.disconnectedAt) throw new ConflictError("This AWS connection is disconnected; connect the role again to change it.");
      const changes = {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.regions !== undefined ? { regions: [...new Set(data.regions)].sort() } : {}),
        ...(data.metricsIntervalSeconds !== undefined ? { metricsIntervalSeconds: data.metricsIntervalSeconds } : {}),
        ...(data.costTagKeys !== undefined ? { costTagKeys: [...new Set(data.costTagKeys)] } : {}),
      };
      if (Object.keys(changes).length === 0) return current;
      const [row] = await tx
        .update(schema.awsConnections)
        .set(changes)
        .where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, id)))
        .returning();
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "aws.connection_updated", target: id, data: changes });
      return row ?? current;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Stops collection (the scheduler skips disconnected connections); collected data stays. */
export async function disconnectConnection({ ctx, id }: { ctx: TenantContext; id: string }): Promise<Connection> {
  requireAwsAdmin(ctx);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const current = await getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id });
      if (current.disconnectedAt) return current;
      const [row] = await tx
        .update(schema.awsConnections)
        .set({ disconnectedAt: new Date() })
        .where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, id)))
        .returning();
      // No worker may pick up the role's session after this (running jobs stop at their next check).
      await forgetRoleSession(tx, ctx.tenant.id, { roleArn: current.roleArn, externalId: ctx.tenant.externalId });
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: "aws.connection_disconnected",
        target: id,
        data: { roleArn: current.roleArn, awsAccountId: current.awsAccountId },
      });
      return row ?? current;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
