import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ConflictError } from "@/lib/http/errors";
import { requireAwsAdmin } from "./access";
import { isAccessDeniedCode } from "./aws-errors";
import type { AwsConfig } from "./config";
import { lockConnection, writeConnectionHealth } from "./connection-health";
import { getConnection, getConnectionInTenant, type Connection } from "./connection-queries";
import { externalIdOf } from "./external-id";
import { missingPermissions } from "./permission-probes";
import { roleTarget, testRole, type TestConnectionResult } from "./test-connection";

export type RetestResult = TestConnectionResult & { connection: Connection };

/**
 * Probes a connected role's permissions again, after the customer changed its policy: assumes
 * the role afresh, runs the same probes as "Test connection", and rewrites the connection's
 * missing permissions and health from the answers. Some permissions (ec2:DescribeRegions,
 * ce:GetCostForecast, tag:GetResources) are used by no scheduled run, so only this clears them.
 */
export async function retestConnection({ ctx, aws, id }: { ctx: TenantContext; aws: AwsConfig; id: string }): Promise<RetestResult> {
  requireAwsAdmin(ctx);
  const connection = await getConnection(ctx, id);
  if (connection.disconnectedAt) throw new ConflictError("This AWS connection is disconnected; connect the role again to test it.");
  const result = await testRole(aws, roleTarget(ctx.tenant.id, connection.roleArn, await externalIdOf(ctx.db, ctx.tenant.id)));
  // No answer from AWS teaches nothing about the role: leave the connection as it is.
  if (result.error?.kind === "unreachable") return { ...result, connection };

  const updated = await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const locked = await lockConnection(tx, ctx.tenant.id, id);
      if (!locked) return getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id });
      if (!result.assumed) {
        const lastError = `Monitr could not assume the role: ${result.error?.message ?? "AWS refused."}`;
        await tx
          .update(schema.awsConnections)
          .set({ status: "failing", lastError })
          .where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, id)));
        await recordAudit(tx, {
          tenantId: ctx.tenant.id,
          actorUserId: ctx.actor.userId,
          action: "aws.connection_retested",
          target: id,
          data: { assumed: false, errorCode: result.error?.code ?? null },
        });
        return getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id });
      }
      // A probe that got an answer settles its permission either way; one that AWS did not
      // answer (throttled, 5xx) leaves it as it was.
      const settled = new Set(result.checks.filter((c) => c.ok || (c.errorCode !== undefined && isAccessDeniedCode(c.errorCode))).map((c) => c.permission));
      const missing = [...new Set([...locked.missingPermissions.filter((p) => !settled.has(p)), ...missingPermissions(result.checks)])].sort();
      const health = await writeConnectionHealth(tx, { tenantId: ctx.tenant.id, connectionId: id, regions: locked.regions, missing });
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: "aws.connection_retested",
        target: id,
        data: {
          assumed: true,
          status: health.status,
          missingPermissions: missing,
          cleared: locked.missingPermissions.filter((p) => !missing.includes(p)),
          added: missing.filter((p) => !locked.missingPermissions.includes(p)),
        },
      });
      return getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  return { ...result, connection: updated };
}
