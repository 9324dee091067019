import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, getConnection, listSyncRuns, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectCosts, collectInventory, collectMetrics, GLOBAL_REGION, runSync, type SyncKind, type SyncOutcome } from "@/lib/collect";
import type { SyncContext } from "@/lib/collect";
import { createDb, schema, withTenant, type Db } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * The connection's health is that of its latest finished run of each (region, kind): one kind
 * that keeps failing keeps the connection failing, whatever the other kinds do.
 */

let t: TestDatabase;
let sim: AwsSim;
const US = "us-east-1";
const EU = "eu-west-1";

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const COLLECTORS: Record<SyncKind, (ctx: SyncContext) => Promise<SyncOutcome>> = { inventory: collectInventory, metrics: collectMetrics, costs: collectCosts };

function run(ctx: TenantContext, connection: Connection, kind: SyncKind, region: string = kind === "costs" ? GLOBAL_REGION : US, db: Db = t.db) {
  return runSync({ db, aws: simAwsConfig(sim) }, { tenantId: ctx.tenant.id, connectionId: connection.id, region, kind }, COLLECTORS[kind], { rethrow: false });
}

/** Cost Explorer answers 500 to every call until the returned function is called. */
function breakCostExplorer(): () => void {
  sim.setFaults({ serverError: [{ service: "ce", rate: 1, status: 500 }] });
  return () => sim.resetFaults();
}

async function connect(options: { allow?: string[] } = {}) {
  const ctx = await createTenant(t.db);
  const connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx, options) } });
  return { ctx, connection };
}

describe("connection health across kinds and regions", () => {
  it("stays failing while costs keep failing, even after successful metrics runs, and recovers when costs succeed", async () => {
    const { ctx, connection } = await connect();
    expect(connection.status).toBe("pending");
    await run(ctx, connection, "inventory");

    const repair = breakCostExplorer();
    try {
      expect((await run(ctx, connection, "costs")).status).toBe("failed");
    } finally {
      repair();
    }
    let now = await getConnection(ctx, connection.id);
    expect(now.status).toBe("failing");
    expect(now.lastError).toMatch(/^The last costs run failed: InternalFailure/);

    // A minute later metrics succeed: the costs failure is still the latest costs run.
    expect((await run(ctx, connection, "metrics")).status).toBe("succeeded");
    now = await getConnection(ctx, connection.id);
    expect(now).toMatchObject({ status: "failing", lastError: expect.stringMatching(/^The last costs run failed: InternalFailure/) });
    expect((await run(ctx, connection, "inventory")).status).toBe("succeeded");
    expect((await getConnection(ctx, connection.id)).status).toBe("failing");

    expect((await run(ctx, connection, "costs")).status).toBe("succeeded");
    expect(await getConnection(ctx, connection.id)).toMatchObject({ status: "healthy", lastError: null, missingPermissions: [] });
  });

  it("names kind and region of a failing regional run, and lists the others that fail", async () => {
    const { ctx, connection } = await connect();
    expect(connection.regions).toContain(EU);
    sim.setFaults({ serverError: [{ service: "ec2", region: EU, rate: 1, status: 500 }] });
    try {
      expect((await run(ctx, connection, "inventory", EU)).status).toBe("failed");
    } finally {
      sim.resetFaults();
    }
    const repair = breakCostExplorer();
    try {
      await run(ctx, connection, "costs");
    } finally {
      repair();
    }
    await run(ctx, connection, "metrics", US);
    const now = await getConnection(ctx, connection.id);
    expect(now.status).toBe("failing");
    expect(now.lastError).toMatch(/^The last costs run failed: InternalFailure.* Also failing: inventory in eu-west-1\.$/);
  });

  it("stops counting a failed region once it is no longer monitored", async () => {
    const { ctx, connection } = await connect();
    sim.setFaults({ serverError: [{ service: "ec2", region: EU, rate: 1, status: 500 }] });
    try {
      expect((await run(ctx, connection, "inventory", EU)).status).toBe("failed");
    } finally {
      sim.resetFaults();
    }
    await run(ctx, connection, "inventory", US);
    expect(await getConnection(ctx, connection.id)).toMatchObject({ status: "failing", lastError: expect.stringContaining("inventory in eu-west-1") });
    await withTenant(
      ctx.tenant.id,
      (tx) => tx.update(schema.awsConnections).set({ regions: [US] }).where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, connection.id))),
      { db: t.db },
    );
    await run(ctx, connection, "metrics", US);
    expect(await getConnection(ctx, connection.id)).toMatchObject({ status: "healthy", lastError: null });
  });

  it("marks a denied permission degraded, not failing, and keeps it while other kinds succeed", async () => {
    const allow = ["ec2:Describe*", "cloudwatch:GetMetricData", "cloudwatch:ListMetrics", "eks:List*", "eks:Describe*", "ce:GetCostForecast", "tag:GetResources"];
    const { ctx, connection } = await connect({ allow });
    expect(connection.missingPermissions).toEqual(["ce:GetCostAndUsage"]);
    const costs = await run(ctx, connection, "costs");
    expect(costs).toMatchObject({ status: "partial", denied: ["ce:GetCostAndUsage"] });
    const [runRow] = await listSyncRuns({ ctx, connectionId: connection.id, limit: 1 });
    expect(runRow?.details).toMatchObject({ denied: ["ce:GetCostAndUsage"] });
    await run(ctx, connection, "inventory");
    await run(ctx, connection, "metrics");
    expect(await getConnection(ctx, connection.id)).toMatchObject({
      status: "degraded",
      missingPermissions: ["ce:GetCostAndUsage"],
      lastError: "Missing permissions: ce:GetCostAndUsage",
    });
  });

  it("gets two runs finishing at once right: the failure is not overwritten by the success", async () => {
    const { ctx, connection } = await connect();
    await run(ctx, connection, "inventory");
    const other = createDb(t.url, { max: 3 });
    const repair = breakCostExplorer();
    try {
      const results = await Promise.all([run(ctx, connection, "costs", GLOBAL_REGION, other), run(ctx, connection, "metrics", US)]);
      expect(results.map((r) => r.status)).toEqual(["failed", "succeeded"]);
    } finally {
      repair();
      await other.$client.end();
    }
    expect(await getConnection(ctx, connection.id)).toMatchObject({ status: "failing", lastError: expect.stringContaining("costs") });
  });
});
