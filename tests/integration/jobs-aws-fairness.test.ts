import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, listSyncRuns } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import type { TenantContext } from "@/lib/auth/guard";
import { collectInventory, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import { AWS_QUEUES, scheduleDueSyncs, startWorker, type Worker } from "@/lib/jobs";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let aws: AwsConfig;
let worker: Worker | undefined;
// Connected before the worker starts, so its LISTEN does not start initial syncs for them.
let slow: Connected;
let healthy: Connected;
let expiring: Connected;
// Regions whose endpoints never answer: every call of a run there waits for the request timeout.
const DEAD_REGIONS = ["eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "ap-southeast-1", "ap-northeast-1"];

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim({ scale: { instances: 600 } })]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
  // A hung call is given up after a minute and tried twice: a stuck run holds its slot for minutes.
  aws = simAwsConfig(sim, { requestTimeoutMs: 60_000, retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 40 } });
  slow = await tenantWatching(DEAD_REGIONS);
  healthy = await tenantWatching(["us-east-1"]);
  expiring = await tenantWatching(["us-east-1"]);
});
afterAll(async () => {
  // Closing the simulator first ends the hung requests, so the worker's runs finish and it stops cleanly.
  await sim?.close();
  await worker?.stop();
  await t?.drop();
});

/** A tenant with one connection watching `regions`, past its initial sync (so only per-region jobs are due). */
type Connected = { ctx: TenantContext; connectionId: string };
async function tenantWatching(regions: string[]): Promise<Connected> {
  const ctx = await createTenant(t.db, { plan: "pro" });
  const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      await tx.update(schema.awsConnections).set({ regions }).where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, connection.id)));
      await tx.insert(schema.syncRuns).values({ tenantId: ctx.tenant.id, connectionId: connection.id, region: "all", kind: "initial", status: "succeeded", finishedAt: new Date() });
    },
    { db: t.db },
  );
  return { ctx, connectionId: connection.id };
}

const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
};

const runs = async (ctx: TenantContext, connectionId: string) => (await listSyncRuns({ ctx, connectionId, limit: 100 })).filter((r) => r.kind !== "initial");

async function activeJobs(queue: string, tenantId: string): Promise<number> {
  const r = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pgboss.job where name = ${queue} and state = 'active' and group_id = ${tenantId}`);
  return r.rows[0]?.n ?? 0;
}

describe("a tenant whose AWS calls hang", () => {
  it("holds at most two of a worker's slots per queue; another tenant's runs go through meanwhile", async () => {
    sim.setFaults({ timeoutRegions: DEAD_REGIONS });
    worker = await startWorker({ databaseUrl: t.url, aws });
    // The stuck tenant's jobs are queued first, six per queue: four slots each would all be theirs.
    expect(await scheduleDueSyncs(worker.boss, worker.db, { tenantIds: [slow.ctx.tenant.id] })).toBe(DEAD_REGIONS.length * 2 + 1);
    const queuedAt = Date.now();
    expect(await scheduleDueSyncs(worker.boss, worker.db, { tenantIds: [healthy.ctx.tenant.id] })).toBe(3);

    await until(async () => {
      const done = (await runs(healthy.ctx, healthy.connectionId)).filter((r) => r.status !== "running");
      return done.length === 3;
    }, 45_000);
    const elapsed = Date.now() - queuedAt;
    expect((await runs(healthy.ctx, healthy.connectionId)).map((r) => `${r.kind} ${r.status}`).sort()).toEqual(["costs succeeded", "inventory succeeded", "metrics succeeded"]);
    // Well inside one hung call (a minute): the healthy tenant never waited for the stuck one.
    expect(elapsed).toBeLessThan(30_000);

    // Meanwhile the stuck tenant's runs are still hanging, two per queue; the rest wait their turn.
    const stuck = (await runs(slow.ctx, slow.connectionId)).filter((r) => r.status === "running");
    expect(stuck.filter((r) => r.kind === "metrics").length).toBe(2);
    expect(stuck.filter((r) => r.kind === "inventory").length).toBe(2);
    expect(await activeJobs(AWS_QUEUES.metrics, slow.ctx.tenant.id)).toBe(2);
    expect(await activeJobs(AWS_QUEUES.inventory, slow.ctx.tenant.id)).toBe(2);
  }, 60_000);
});

describe("a run past its job's expiry", () => {
  it("stops at its next step instead of running on unowned", async () => {
    sim.resetFaults();
    const { ctx, connectionId } = expiring;
    const inventory = await runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId, region: "us-east-1", kind: "inventory" }, collectInventory);
    expect(inventory.details.resources).toBeGreaterThan(300);
    worker ??= await startWorker({ databaseUrl: t.url, aws });
    // Several rounds of slow GetMetricData calls, and a job that expires during the first.
    sim.setFaults({ latency: [{ service: "cloudwatch", action: "GetMetricData", ms: 2_000 }] });
    await worker.boss.updateQueue(AWS_QUEUES.metrics, { expireInSeconds: 1 });
    try {
      expect(await scheduleDueSyncs(worker.boss, worker.db, { tenantIds: [ctx.tenant.id] })).toBe(2); // metrics and costs
      const firstMetrics = async () => (await listSyncRuns({ ctx, connectionId, kind: "metrics", limit: 100 })).at(-1);
      await until(async () => {
        const run = await firstMetrics();
        return run !== undefined && run.status !== "running";
      }, 30_000);
      const run = await firstMetrics();
      expect(run?.status).toBe("failed");
      expect(run?.error).toMatch(/abort/i);
      // It stopped after the calls in flight (four lanes), short of the run's batches of 500 series.
      const [{ n: series } = { n: 0 }] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from series where tenant_id = ${ctx.tenant.id}`)).rows;
      expect(series).toBeGreaterThan(4 * 500);
      const calls = (run?.details.apiCallsByAction ?? {}) as Record<string, number>;
      expect(calls.GetMetricData).toBeLessThanOrEqual(4);
    } finally {
      sim.resetFaults();
    }
  }, 60_000);
});
