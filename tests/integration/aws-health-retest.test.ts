import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, disconnectConnection, getConnection, retestConnection } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import { collectCosts, collectInventory, collectMetrics, GLOBAL_REGION, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, rejection, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * Permissions that no scheduled run exercises (ce:GetCostForecast, ec2:DescribeRegions,
 * tag:GetResources) are cleared only by re-testing the connection once the policy is fixed.
 */

let t: TestDatabase;
let sim: AwsSim;
let aws: AwsConfig;
const US = "us-east-1";

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
  aws = simAwsConfig(sim);
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const roleNameOf = (arn: string) => arn.split("/").pop() ?? "";

describe("retestConnection", () => {
  it("clears ce:GetCostForecast once the role allows it, and the connection becomes healthy", async () => {
    const ctx = await createTenant(t.db);
    const roleArn = createTenantRole(sim, ctx, { deny: ["ce:GetCostForecast"] });
    const connection = await createConnection({ ctx, aws, input: { roleArn } });
    expect(connection).toMatchObject({ status: "degraded", missingPermissions: ["ce:GetCostForecast"] });

    // Every scheduled kind succeeds, yet nothing they do proves ce:GetCostForecast.
    const target = { tenantId: ctx.tenant.id, connectionId: connection.id };
    for (const region of connection.regions) await runSync({ db: t.db, aws }, { ...target, region, kind: "inventory" }, collectInventory);
    await runSync({ db: t.db, aws }, { ...target, region: US, kind: "metrics" }, collectMetrics);
    await runSync({ db: t.db, aws }, { ...target, region: GLOBAL_REGION, kind: "costs" }, collectCosts);
    expect(await getConnection(ctx, connection.id)).toMatchObject({ status: "degraded", missingPermissions: ["ce:GetCostForecast"] });

    // Still denied: the re-test says so and changes nothing.
    const still = await retestConnection({ ctx, aws, id: connection.id });
    expect(still.checks.filter((c) => !c.ok)).toEqual([expect.objectContaining({ permission: "ce:GetCostForecast", errorCode: "AccessDeniedException" })]);
    expect(still.connection).toMatchObject({ status: "degraded", missingPermissions: ["ce:GetCostForecast"] });

    sim.updateRolePolicy({ roleName: roleNameOf(roleArn), deny: [] });
    const fixed = await retestConnection({ ctx, aws, id: connection.id });
    expect(fixed).toMatchObject({ assumed: true, accountId: sim.scenario.accountId });
    expect(fixed.checks.filter((c) => !c.ok)).toEqual([]);
    expect(fixed.connection).toMatchObject({ status: "healthy", missingPermissions: [], lastError: null });
    expect(await getConnection(ctx, connection.id)).toMatchObject({ status: "healthy", missingPermissions: [] });

    const audit = await withTenant(
      ctx.tenant.id,
      (tx) => tx.select().from(schema.auditLog).where(eq(schema.auditLog.action, "aws.connection_retested")).orderBy(schema.auditLog.createdAt),
      { db: t.db },
    );
    expect(audit).toHaveLength(2);
    expect(audit[1]).toMatchObject({
      target: connection.id,
      actorUserId: ctx.actor.userId,
      data: { assumed: true, status: "healthy", missingPermissions: [], cleared: ["ce:GetCostForecast"], added: [] },
    });
  });

  it("adds a permission the customer removed, by name, and leaves a connection without runs pending", async () => {
    const ctx = await createTenant(t.db);
    const roleArn = createTenantRole(sim, ctx);
    const connection = await createConnection({ ctx, aws, input: { roleArn } });
    expect(connection.status).toBe("pending");
    sim.updateRolePolicy({ roleName: roleNameOf(roleArn), deny: ["eks:DescribeCluster", "ec2:DescribeRegions"] });
    const result = await retestConnection({ ctx, aws, id: connection.id });
    expect(result.connection).toMatchObject({
      status: "degraded",
      missingPermissions: ["ec2:DescribeRegions", "eks:DescribeCluster"],
      lastError: "Missing permissions: ec2:DescribeRegions, eks:DescribeCluster",
    });
    sim.updateRolePolicy({ roleName: roleNameOf(roleArn), deny: [] });
    expect((await retestConnection({ ctx, aws, id: connection.id })).connection).toMatchObject({ status: "pending", missingPermissions: [] });
  });

  it("keeps a connection failing while a run's failure stands, even when every permission is there", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    sim.setFaults({ serverError: [{ service: "ce", rate: 1, status: 500 }] });
    try {
      await runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: GLOBAL_REGION, kind: "costs" }, collectCosts, { rethrow: false });
    } finally {
      sim.resetFaults();
    }
    const result = await retestConnection({ ctx, aws, id: connection.id });
    expect(result.checks.every((c) => c.ok)).toBe(true);
    expect(result.connection).toMatchObject({ status: "failing", missingPermissions: [], lastError: expect.stringContaining("The last costs run failed") });
  });

  it("marks the connection failing, in plain words, when the role can no longer be assumed", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    // The role is gone from the customer's account: point the connection at one that does not exist.
    const gone = connection.roleArn.replace(/role\/.*$/, "role/DeletedByCustomer");
    await withTenant(
      ctx.tenant.id,
      (tx) => tx.update(schema.awsConnections).set({ roleArn: gone }).where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, connection.id))),
      { db: t.db },
    );
    const result = await retestConnection({ ctx, aws, id: connection.id });
    expect(result).toMatchObject({ assumed: false, checks: [], error: { code: "AccessDenied", kind: "refused" } });
    expect(result.connection.status).toBe("failing");
    expect(result.connection.lastError).toMatch(/^Monitr could not assume the role: /);
  });

  it("is for admins and owners of the connection's own workspace, and refuses disconnected connections", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    expect(await rejection(retestConnection({ ctx: { ...ctx, actor: { ...ctx.actor, role: "member" } }, aws, id: connection.id }))).toBeInstanceOf(ForbiddenError);
    const stranger = await createTenant(t.db);
    expect(await rejection(retestConnection({ ctx: stranger, aws, id: connection.id }))).toBeInstanceOf(NotFoundError);
    await disconnectConnection({ ctx, id: connection.id });
    expect(await rejection(retestConnection({ ctx, aws, id: connection.id }))).toBeInstanceOf(ConflictError);
  });
});
