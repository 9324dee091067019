import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assumeRole,
  cloudFormationTemplate,
  createConnection,
  disconnectConnection,
  getConnection,
  getExternalId,
  listConnections,
  quickCreateUrl,
  ROLE_ARN_PATTERN,
  testConnection,
  updateConnection,
} from "@/lib/aws";
import { createApiCallCounter } from "@/lib/aws/api-counter";
import type { AwsConfig } from "@/lib/aws/config";
import { schema, withTenant } from "@/lib/db";
import { ForbiddenError, NotFoundError, PlanLimitError, ValidationError } from "@/lib/http/errors";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, rejection, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let aws: AwsConfig;
beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  aws = simAwsConfig(sim);
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const WITHOUT_COSTS = ["ec2:Describe*", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "eks:List*", "eks:Describe*", "ce:GetCostForecast", "tag:GetResources"];

describe("ExternalId and onboarding links", () => {
  it("gives each tenant its own stable, unguessable ExternalId", async () => {
    const a = await createTenant(t.db);
    const b = await createTenant(t.db);
    expect(await getExternalId(a)).toMatch(/^monitr-[0-9a-f]{32}$/);
    expect(await getExternalId(a)).toBe(await getExternalId(a));
    expect(await getExternalId(a)).not.toBe(await getExternalId(b));
  });

  it("builds a template trusting Monitr's account with the ExternalId, and quick-create links", () => {
    const yaml = cloudFormationTemplate({ platformAccountId: "111111111111", externalId: "monitr-abc" });
    expect(yaml).toContain('AWS: "arn:aws:iam::111111111111:root"');
    expect(yaml).toContain('"sts:ExternalId": !Ref ExternalId');
    expect(yaml).toContain('Default: "monitr-abc"');
    // Exactly the minimal read-only policy, nothing more.
    const granted = [...yaml.matchAll(/^ {14}- "([^"]+)"$/gm)].map((m) => m[1]).sort();
    expect(granted).toEqual(["ce:GetCostAndUsage", "ce:GetCostForecast", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "ec2:Describe*", "eks:Describe*", "eks:List*", "tag:GetResources"]);
    // No fixed role name: a second workspace's stack in the same account does not collide.
    expect(yaml).not.toContain("RoleName");
    // The generic template (for S3) has no workspace's ExternalId in it.
    const generic = cloudFormationTemplate({ platformAccountId: "111111111111" });
    expect(generic).not.toContain("Default:");
    expect(generic).not.toContain("monitr-abc");
    const real = quickCreateUrl({ aws: { ...aws, demo: false }, templateUrl: "https://example.com/t.yaml", externalId: "monitr-abc", region: "eu-west-1" });
    expect(real).toBe(
      "https://console.aws.amazon.com/cloudformation/home?region=eu-west-1#/stacks/quickcreate?templateURL=https%3A%2F%2Fexample.com%2Ft.yaml&stackName=MonitrReadOnly-nitr-abc&param_ExternalId=monitr-abc",
    );
    expect(quickCreateUrl({ aws, templateUrl: "http://x/t", externalId: "monitr-abc" })).toMatch(new RegExp(`^${sim.url}/cloudformation/quick-create\\?`));
  });
});

describe("testConnection", () => {
  it("assumes the role with the tenant's ExternalId and passes every probe", async () => {
    const ctx = await createTenant(t.db);
    const result = await testConnection({ ctx, aws, roleArn: createTenantRole(sim, ctx) });
    expect(result).toMatchObject({ assumed: true, accountId: sim.scenario.accountId });
    expect(result.checks.length).toBeGreaterThanOrEqual(8);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it("refuses a role whose trust policy names another ExternalId", async () => {
    const ctx = await createTenant(t.db);
    const result = await testConnection({ ctx, aws, roleArn: createTenantRole(sim, ctx, { externalId: "someone-elses-id" }) });
    expect(result.assumed).toBe(false);
    expect(result.error?.code).toBe("AccessDenied");
    expect(result.error?.message).toContain(ctx.tenant.externalId);
  });

  it("names a missing permission, AWS's error code and the action to add", async () => {
    const ctx = await createTenant(t.db);
    const result = await testConnection({ ctx, aws, roleArn: createTenantRole(sim, ctx, { allow: WITHOUT_COSTS }) });
    expect(result.assumed).toBe(true);
    const failed = result.checks.filter((c) => !c.ok);
    expect(failed).toEqual([
      expect.objectContaining({ permission: "ce:GetCostAndUsage", errorCode: "AccessDeniedException", fix: expect.stringContaining('Add "ce:GetCostAndUsage"') }),
    ]);
  });
});

describe("createConnection", () => {
  it("connects, picks the regions with resources, audits, and stores no keys", async () => {
    const ctx = await createTenant(t.db);
    const roleArn = createTenantRole(sim, ctx);
    const connection = await createConnection({ ctx, aws, input: { roleArn, name: "Production" } });
    expect(connection).toMatchObject({ name: "Production", roleArn, awsAccountId: sim.scenario.accountId, status: "pending", missingPermissions: [] });
    expect(connection.regions).toEqual(["eu-west-1", "us-east-1"]);
    const audit = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.auditLog).where(eq(schema.auditLog.action, "aws.connection_created")), { db: t.db });
    expect(audit).toEqual([expect.objectContaining({ target: connection.id, actorUserId: ctx.actor.userId })]);
    expect(await listConnections(ctx)).toEqual([expect.objectContaining({ id: connection.id })]);
    expect((await getConnection(ctx, connection.id)).id).toBe(connection.id);
  });

  it("refuses a role that cannot be assumed, in plain words on the roleArn field, and writes nothing", async () => {
    const ctx = await createTenant(t.db);
    const error = await rejection(createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx, { externalId: "wrong-external-id" }) } }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields?.roleArn).toMatch(/refused to let Monitr assume this role/);
    expect(await listConnections(ctx)).toEqual([]);
  });

  it("rejects malformed ARNs with a field error", async () => {
    const ctx = await createTenant(t.db);
    const bad = ["", "not-an-arn", "arn:aws:iam::12345:role/x", "arn:aws:iam::123456789012:user/bob", "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/ops//Monitr", "arn:aws:iam::123456789012:role/ops/", "arn:aws-cn:iam::123456789012:role/x", `arn:aws:iam::123456789012:role/${"n".repeat(65)}`];
    for (const roleArn of bad) {
      const error = await rejection(createConnection({ ctx, aws, input: { roleArn } }));
      expect(error, roleArn).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields?.roleArn, roleArn).toBeTruthy();
    }
    await expect(testConnection({ ctx, aws, roleArn: "arn:aws:iam::1:role/x" })).rejects.toBeInstanceOf(ValidationError);
    // Roles may live under a path (IAM's /path/name); those are valid ARNs.
    for (const roleArn of ["arn:aws:iam::123456789012:role/MonitrReadOnly", "arn:aws:iam::123456789012:role/ops/monitoring/Monitr-ReadOnly_1"]) {
      expect(ROLE_ARN_PATTERN.test(roleArn), roleArn).toBe(true);
    }
  });

  it("saves a connection with a missing permission as degraded, naming it", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx, { allow: WITHOUT_COSTS }) } });
    expect(connection).toMatchObject({ status: "degraded", missingPermissions: ["ce:GetCostAndUsage"] });
  });

  it("holds a Free workspace to one active connection and lets Pro add more", async () => {
    const free = await createTenant(t.db);
    const first = await createConnection({ ctx: free, aws, input: { roleArn: createTenantRole(sim, free) } });
    const error = await rejection(createConnection({ ctx: free, aws, input: { roleArn: createTenantRole(sim, free) } }));
    expect(error).toBeInstanceOf(PlanLimitError);
    expect((error as PlanLimitError).message).toMatch(/Upgrade to Pro/);
    await disconnectConnection({ ctx: free, id: first.id });
    await createConnection({ ctx: free, aws, input: { roleArn: createTenantRole(sim, free) } });

    const pro = await createTenant(t.db, { plan: "pro" });
    await createConnection({ ctx: pro, aws, input: { roleArn: createTenantRole(sim, pro) } });
    await createConnection({ ctx: pro, aws, input: { roleArn: createTenantRole(sim, pro) } });
    expect(await listConnections(pro)).toHaveLength(2);
  });

  it("lets only admins and owners write, and hides other tenants' connections", async () => {
    const owner = await createTenant(t.db);
    const connection = await createConnection({ ctx: owner, aws, input: { roleArn: createTenantRole(sim, owner) } });
    const member = { ...owner, actor: { ...owner.actor, role: "member" as const } };
    await expect(createConnection({ ctx: member, aws, input: { roleArn: createTenantRole(sim, owner) } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateConnection({ ctx: member, id: connection.id, input: { name: "x" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(disconnectConnection({ ctx: member, id: connection.id })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await getConnection(member, connection.id)).id).toBe(connection.id);
    const stranger = await createTenant(t.db);
    await expect(getConnection(stranger, connection.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateConnection({ ctx: stranger, id: connection.id, input: { name: "x" } })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("updates settings with validation, and disconnects keeping the row and an audit trail", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    const updated = await updateConnection({ ctx, id: connection.id, input: { name: "Prod", regions: ["us-east-1"], metricsIntervalSeconds: 60, costTagKeys: ["team"] } });
    expect(updated).toMatchObject({ name: "Prod", regions: ["us-east-1"], metricsIntervalSeconds: 60, costTagKeys: ["team"] });
    const bad = await rejection(updateConnection({ ctx, id: connection.id, input: { metricsIntervalSeconds: 120, regions: [] } }));
    expect((bad as ValidationError).fields).toMatchObject({ metricsIntervalSeconds: expect.any(String), regions: expect.any(String) });
    const gone = await disconnectConnection({ ctx, id: connection.id });
    expect(gone.disconnectedAt).toBeInstanceOf(Date);
    const actions = await withTenant(ctx.tenant.id, (tx) => tx.select({ a: schema.auditLog.action }).from(schema.auditLog).where(and(eq(schema.auditLog.target, connection.id))), { db: t.db });
    expect(actions.map((a) => a.a).sort()).toEqual(["aws.connection_created", "aws.connection_disconnected", "aws.connection_updated"]);
  });
});

describe("temporary credentials", () => {
  it("are cached per role: one STS call serves many jobs until shortly before expiry", async () => {
    const ctx = await createTenant(t.db);
    const target = { roleArn: createTenantRole(sim, ctx), externalId: ctx.tenant.externalId };
    const counter = createApiCallCounter();
    const first = await assumeRole(aws, target, { counter });
    await Promise.all(Array.from({ length: 5 }, () => assumeRole(aws, target, { counter })));
    expect(counter.byAction.AssumeRole).toBe(1);
    // 56 minutes later (inside the 5-minute refresh margin of a one-hour session) a new one is fetched.
    const later = { ...aws, now: () => new Date(sim.now().getTime() + 56 * 60_000) };
    const second = await assumeRole(later, target, { counter });
    expect(counter.byAction.AssumeRole).toBe(2);
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
  });
});
