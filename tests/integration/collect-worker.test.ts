import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, getSyncProgress, listSyncRuns, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectInventory, collectMetrics, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import { scheduleDueSyncs, startWorker, type Worker } from "@/lib/jobs";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, pointMap, pointStats, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
const REGION = "us-east-1";

beforeAll(async () => {
  // Enough instances for several GetMetricData calls per run, so a run can die between them.
  [t, sim] = await Promise.all([createTestDatabase(), startSim({ scale: { instances: 600 } })]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
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

const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe("a worker killed mid-run", () => {
  it("loses nothing: the next run completes the data without duplicates", async () => {
    const reference = await connected();
    await runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: reference.ctx.tenant.id, connectionId: reference.connection.id, region: REGION, kind: "metrics" }, collectMetrics);
    const expected = await pointMap(t.db, reference.ctx.tenant.id);
    const victim = await connected();
    sim.setFaults({ latency: [{ service: "cloudwatch", action: "GetMetricData", ms: 400 }] });
    // `node --import tsx`, not the tsx CLI: the CLI runs the script in a grandchild that SIGKILL would miss.
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/integration/collect-child-run.ts")], {
      env: { ...process.env, DATABASE_URL: t.url, SIM_URL: sim.url, SIM_NOW: sim.now().toISOString(), TENANT_ID: victim.ctx.tenant.id, CONNECTION_ID: victim.connection.id, REGION },
      stdio: "inherit",
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    try {
      await until(async () => (await pointStats(t.db, victim.ctx.tenant.id)).points > 0, 60_000);
      child.kill("SIGKILL");
      await exited;
    } finally {
      sim.resetFaults();
    }
    const partial = await pointStats(t.db, victim.ctx.tenant.id);
    expect(partial.points).toBeLessThan(expected.size);

    const rerun = await runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: victim.ctx.tenant.id, connectionId: victim.connection.id, region: REGION, kind: "metrics" }, collectMetrics);
    expect(rerun.status).toBe("succeeded");
    expect((await pointStats(t.db, victim.ctx.tenant.id)).duplicates).toBe(0);
    expect(await pointMap(t.db, victim.ctx.tenant.id)).toEqual(expected);
    const runs = (await listSyncRuns({ ctx: victim.ctx, connectionId: victim.connection.id })).filter((r) => r.kind === "metrics");
    expect(runs.map((r) => r.status).sort()).toEqual(["failed", "succeeded"]);
    expect(runs.find((r) => r.status === "failed")?.error).toMatch(/Interrupted/);
  });
});

describe("two workers", () => {
  const workers: Worker[] = [];
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
  });

  it("run a new connection's initial sync at once, once, and collect each series once", async () => {
    const aws = simAwsConfig(sim);
    workers.push(await startWorker({ databaseUrl: t.url, aws }), await startWorker({ databaseUrl: t.url, aws }));
    const { ctx } = { ctx: await createTenant(t.db, { plan: "pro" }) };
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    await until(async () => (await getSyncProgress({ ctx, connectionId: connection.id })).state === "done", 90_000);
    const progress = await getSyncProgress({ ctx, connectionId: connection.id });
    expect(progress).toMatchObject({ state: "done", costsLoaded: true });
    expect(progress.resourcesFound).toBeGreaterThan(600);
    expect(progress.seriesFound).toBeGreaterThan(600 * 8 * 0.5);
    expect(progress.pointsLoaded).toBeGreaterThan(progress.seriesFound);

    // Both workers' schedulers fan out at once: each (connection, region, kind) is collected once.
    sim.setClock({ fixedTime: new Date(sim.now().getTime() + 6 * MINUTE).toISOString() });
    await withTenant(ctx.tenant.id, (tx) => tx.update(schema.syncRuns).set({ startedAt: new Date(Date.now() - 10 * MINUTE) }), { db: t.db });
    const sent = await Promise.all(workers.map((w) => scheduleDueSyncs(w.boss, w.db, { tenantIds: [ctx.tenant.id] })));
    // Inventory and metrics per region (costs ran minutes ago, every 6 h); the second scheduler finds them queued.
    expect(sent.reduce((a, b) => a + b, 0)).toBe(2 * 2);
    await until(async () => {
      const runs = await listSyncRuns({ ctx, connectionId: connection.id, limit: 100 });
      return runs.filter((r) => r.status !== "running").length === runs.length && runs.length >= 6 + 4;
    }, 90_000);
    const runs = await listSyncRuns({ ctx, connectionId: connection.id, limit: 100 });
    const metricRuns = runs.filter((r) => r.kind === "metrics");
    expect(metricRuns.map((r) => r.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded"]);
    expect((await pointStats(t.db, ctx.tenant.id)).duplicates).toBe(0);
    const [row] = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.awsConnections).where(and(eq(schema.awsConnections.id, connection.id))), { db: t.db });
    expect(row?.status).toBe("healthy");
  });
});
