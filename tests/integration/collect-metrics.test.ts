import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, listSyncRuns, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { clearDiscoveryCache, collectInventory, collectMetrics, runSync } from "@/lib/collect";
import { series as seriesTable } from "@/db/tables/metrics";
import { createDb, schema, withTenant, type Db } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, pointMap, pointStats, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let anchor: number;
const REGION = "us-east-1";

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  anchor = Date.parse(sim.scenario.anchor);
  sim.setClock({ fixedTime: new Date(anchor + 50 * MINUTE).toISOString() });
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

async function connected(): Promise<{ ctx: TenantContext; connection: Connection }> {
  const ctx = await createTenant(t.db);
  const connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx) } });
  await runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: REGION, kind: "inventory" }, collectInventory);
  return { ctx, connection };
}

const metrics = (ctx: TenantContext, connection: Connection, db: Db = t.db) =>
  runSync({ db, aws: simAwsConfig(sim) }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: REGION, kind: "metrics" }, collectMetrics);

const seriesOf = (ctx: TenantContext) => withTenant(ctx.tenant.id, (tx) => tx.select().from(seriesTable), { db: t.db });

describe("metrics collection", () => {
  let a: { ctx: TenantContext; connection: Connection };

  it("collects the EC2 template for every live instance, and CWAgent only where the agent publishes", async () => {
    a = await connected();
    const result = await metrics(a.ctx, a.connection);
    expect(result.status).toBe("succeeded");
    const series = await seriesOf(a.ctx);
    const live = await withTenant(
      a.ctx.tenant.id,
      (tx) => tx.select().from(schema.resources).where(and(eq(schema.resources.kind, "ec2_instance"), eq(schema.resources.state, "running"))),
      { db: t.db },
    );
    const liveIds = new Set(live.filter((r) => r.validTo === null && r.recordedTo === null).map((r) => r.resourceId));
    const ec2 = series.filter((s) => s.namespace === "AWS/EC2");
    expect(ec2.length).toBe(liveIds.size * 8);
    const agent = new Set(sim.scenario.instances.agentInstanceIds.filter((id) => liveIds.has(id)));
    expect(agent.size).toBeGreaterThan(0);
    const cwagent = series.filter((s) => s.namespace === "CWAgent");
    expect(new Set(cwagent.map((s) => s.resourceId))).toEqual(agent);
    expect(cwagent.map((s) => s.metric).sort()).toEqual([...Array(agent.size).fill("disk_used_percent"), ...Array(agent.size).fill("mem_used_percent")]);
    const clustersHere = sim.scenario.clusters.filter((c) => c.region === REGION);
    const insights = series.filter((s) => s.namespace === "ContainerInsights");
    expect(insights.length > 0).toBe(clustersHere.length > 0);
    const stats = await pointStats(t.db, a.ctx.tenant.id);
    expect(stats.duplicates).toBe(0);
    expect(stats.points).toBeGreaterThan(series.length);
    // All queries of this small account fit one GetMetricData call; ListMetrics pages + STS besides.
    expect(result.details).toMatchObject({ calls: 1, queries: series.length });
    const byAction = result.details.apiCallsByAction as Record<string, number>;
    expect(Object.keys(byAction).sort()).toEqual(expect.arrayContaining(["GetMetricData", "ListMetrics"]));
    expect(result.apiCalls).toBe(Object.values(byAction).reduce((a, b) => a + b, 0));
    const [run] = await listSyncRuns({ ctx: a.ctx, connectionId: a.connection.id, limit: 1 });
    expect(run).toMatchObject({ kind: "metrics", status: "succeeded", apiCalls: result.apiCalls, items: stats.points });
  });

  it("asks from the last stored point with an overlap and never stores a point twice", async () => {
    const before = await pointStats(t.db, a.ctx.tenant.id);
    const again = await metrics(a.ctx, a.connection);
    expect(again.details).toMatchObject({ inserted: 0, revised: 0 });
    sim.setClock({ fixedTime: new Date(anchor + 56 * MINUTE).toISOString() });
    const later = await metrics(a.ctx, a.connection);
    expect(later.details.inserted).toBeGreaterThan(0);
    const after = await pointStats(t.db, a.ctx.tenant.id);
    expect(after.duplicates).toBe(0);
    expect(after.points).toBe(before.points + (later.details.inserted as number));
    sim.setClock({ fixedTime: new Date(anchor + 50 * MINUTE).toISOString() });
  });

  it("survives throttling and 500s with the same data as a clean run", async () => {
    const clean = await connected();
    await metrics(clean.ctx, clean.connection);
    const faulty = await connected();
    clearDiscoveryCache();
    sim.setFaults({
      seed: 11,
      throttle: [{ service: "cloudwatch", rate: 0.3 }],
      serverError: [{ service: "cloudwatch", rate: 0.15, status: 500 }, { service: "cloudwatch", rate: 0.1, status: 503 }],
    });
    let result;
    try {
      result = await metrics(faulty.ctx, faulty.connection);
    } finally {
      sim.resetFaults();
    }
    expect(result.status).toBe("succeeded");
    expect(await pointMap(t.db, faulty.ctx.tenant.id)).toEqual(await pointMap(t.db, clean.ctx.tenant.id));
    expect(result.apiCalls).toBeGreaterThan((result.details.calls as number) + 1);
  });

  it("lets two workers started together collect each series once", async () => {
    const reference = await connected();
    await metrics(reference.ctx, reference.connection);
    const b = await connected();
    const other: Db = createDb(t.url, { max: 5 });
    try {
      const results = await Promise.all([metrics(b.ctx, b.connection), metrics(b.ctx, b.connection, other)]);
      expect(results.map((r) => r.status).sort()).toEqual(["skipped", "succeeded"]);
    } finally {
      await other.$client.end();
    }
    expect((await pointStats(t.db, b.ctx.tenant.id)).duplicates).toBe(0);
    expect(await pointMap(t.db, b.ctx.tenant.id)).toEqual(await pointMap(t.db, reference.ctx.tenant.id));
    const runs = (await listSyncRuns({ ctx: b.ctx, connectionId: b.connection.id })).filter((r) => r.kind === "metrics");
    expect(runs).toHaveLength(1);
  });

  it("marks the connection degraded, naming the permission, when GetMetricData is denied", async () => {
    const ctx = await createTenant(t.db);
    const allow = ["ec2:Describe*", "cloudwatch:ListMetrics", "eks:List*", "eks:Describe*", "ce:GetCostAndUsage", "ce:GetCostForecast", "tag:GetResources"];
    const connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx, { allow }) } });
    await runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: REGION, kind: "inventory" }, collectInventory);
    const result = await metrics(ctx, connection);
    expect(result).toMatchObject({ status: "partial", denied: ["cloudwatch:GetMetricData"] });
    const [row] = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.awsConnections), { db: t.db });
    expect(row).toMatchObject({ status: "degraded", missingPermissions: ["cloudwatch:GetMetricData"], lastError: expect.stringContaining("cloudwatch:GetMetricData") });
    const [run] = await listSyncRuns({ ctx, connectionId: connection.id, limit: 1 });
    expect(run).toMatchObject({ kind: "metrics", status: "partial", error: expect.stringContaining("cloudwatch:GetMetricData") });
  });
});
