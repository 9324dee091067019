import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { assertWithinLimit } from "@/lib/billing";
import { isUniqueViolation, schema, withTenant, type Tx } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { requireAwsAdmin } from "./access";
import { assumeRole, AssumeRoleError } from "./assume-role";
import { awsErrorCode } from "./aws-errors";
import type { AwsConfig } from "./config";
import { countActiveConnections, type Connection } from "./connection-queries";
import { discoverRegions, type RegionDiscovery } from "./discover-regions";
import { externalIdOf } from "./external-id";
import { missingPermissions, probePermissions } from "./permission-probes";
import { CreateConnectionInput } from "./schemas";
import { openSession } from "./session";
import { roleTarget } from "./test-connection";

/** Wakes the workers' scheduler so the initial sync starts now, not at the next minute (see lib/jobs). */
export const AWS_SYNC_CHANNEL = "monitr_aws_sync";

async function assertUnderPlanLimit(tx: Tx, ctx: TenantContext): Promise<void> {
  assertWithinLimit({ tenant: ctx.tenant, limit: "awsConnections", current: await countActiveConnections(tx, ctx.tenant.id) });
}

/**
 * Connects an AWS account by role ARN: the role must be assumable with the tenant's ExternalId.
 * Permissions that fail their probe are saved as missing (status degraded) rather than refused,
 * so the customer can fix the policy while the rest is collected.
 */
export async function createConnection({ ctx, aws, input }: { ctx: TenantContext; aws: AwsConfig; input: { roleArn: string; name?: string } }): Promise<Connection> {
  requireAwsAdmin(ctx);
  const data = parseInput(CreateConnectionInput, input);
  // Checked before calling AWS so a Free tenant at its limit gets the upgrade message at once.
  await withTenant(ctx.tenant.id, (tx) => assertUnderPlanLimit(tx, ctx), { db: ctx.db });
  const target = roleTarget(ctx.tenant.id, data.roleArn, await externalIdOf(ctx.db, ctx.tenant.id));

  let accountId: string;
  try {
    accountId = (await assumeRole(aws, target, { fresh: true })).accountId;
  } catch (error) {
    if (error instanceof AssumeRoleError) throw new ValidationError("Monitr could not assume this role.", { roleArn: error.reason });
    throw new ValidationError("Monitr could not reach AWS to check this role.", { roleArn: `AWS did not answer (${awsErrorCode(error)}). Try again.` });
  }

  const session = openSession(aws, target, aws.homeRegion);
  let checks;
  let regions: string[];
  // Kept on the connection: the region picker offers exactly the account's enabled regions, and
  // updateConnection refuses others. Empty when DescribeRegions is denied (= not known).
  let discovery: RegionDiscovery = { enabled: [], withResources: [] };
  try {
    checks = await probePermissions(session);
    const canListRegions = checks.some((c) => c.permission === "ec2:DescribeRegions" && c.ok);
    if (canListRegions) discovery = await discoverRegions(aws, target, session);
    regions = discovery.withResources.length
      ? discovery.withResources
      : discovery.enabled.length === 0 || discovery.enabled.includes(aws.homeRegion)
        ? [aws.homeRegion]
        : discovery.enabled.slice(0, 1);
  } finally {
    session.close();
  }
  const missing = missingPermissions(checks);

  try {
    return await withTenant(
      ctx.tenant.id,
      async (tx) => {
        // Serialises connects of one tenant, so two at once cannot both pass the plan check.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('aws_connections:' || ${ctx.tenant.id}))`);
        await assertUnderPlanLimit(tx, ctx);
        const [row] = await tx
          .insert(schema.awsConnections)
          .values({
            tenantId: ctx.tenant.id,
            name: data.name ?? `AWS ${accountId}`,
            awsAccountId: accountId,
            roleArn: data.roleArn,
            regions,
            availableRegions: discovery.enabled,
            regionsWithResources: discovery.withResources,
            status: missing.length ? "degraded" : "pending",
            missingPermissions: missing,
            lastError: missing.length ? `Missing permissions: ${missing.join(", ")}` : null,
            createdBy: ctx.actor.userId,
          })
          .returning();
        if (!row) throw new Error("insert returned no row");
        await recordAudit(tx, {
          tenantId: ctx.tenant.id,
          actorUserId: ctx.actor.userId,
          action: "aws.connection_created",
          target: row.id,
          data: { roleArn: row.roleArn, awsAccountId: accountId, regions, missingPermissions: missing },
        });
        await tx.execute(sql`select pg_notify(${AWS_SYNC_CHANNEL}, ${`${ctx.tenant.id}:${row.id}`})`);
        return row;
      },
      { db: ctx.db, userId: ctx.actor.userId },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("This role is already connected.", { roleArn: "This role is already connected." });
    throw error;
  }
}
