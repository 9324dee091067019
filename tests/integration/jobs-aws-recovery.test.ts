import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, getSyncProgress, listSyncRuns } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import type { TenantContext } from "@/lib/auth/guard";
import { runInitialSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import { AWS_QUEUES, scheduleDueSyncs } from "@/lib/jobs";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, HOUR, MINUTE, rejection, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let aws: AwsConfig;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim({ scale: { instances: 20 } })]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
  aws = simAwsConfig(sim);
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const until = async (check: () => Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
};

async function connected(regions: string[], options: { initialDone: boolean }): Promise<{ ctx: TenantContext; connectionId: string }> {
  const ctx = await createTenant(t.db);
  const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      await tx.update(schema.awsConnections).set({ regions }).where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, connection.id)));
      if (options.initialDone) {
        await tx.insert(schema.syncRuns).values({ tenantId: ctx.tenant.id, connectionId: connection.id, region: "all", kind: "initial", status: "succeeded", finishedAt: new Date() });
      }
    },
    { db: t.db },
  );
  return { ctx, connectionId: connection.id };
}

describe("a worker killed during a job", () => {
  let child: ChildProcess | undefined;
  let boss: PgBoss | undefined;
  afterAll(async () => {
    child?.kill("SIGKILL");
    sim.resetFaults();
    await boss?.stop({ graceful: false, timeout: 2000 });
  });

  it("has its job failed by the missed heartbeat within seconds and queued for retry, not held until expiry", async () => {
    const { ctx, connectionId } = await connected(["eu-west-1"], { initialDone: true });
    // The run's first call in that region never returns, so the job is mid-run when the worker dies.
    sim.setFaults({ timeoutRegions: ["eu-west-1"] });
    child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/integration/jobs-aws-child-worker.ts")], {
      env: { ...process.env, DATABASE_URL: t.url, SIM_URL: sim.url, SIM_NOW: sim.now().toISOString() },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise((resolve) => child?.on("exit", resolve));
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on("data", (chunk: Buffer) => chunk.toString().includes("CHILD_WORKER_READY") && resolve());
      child?.on("exit", () => reject(new Error("the worker exited before it was ready")));
    });
    // The surviving side of the fleet: its supervisor is what notices the silent job (every second here).
    boss = new PgBoss({ connectionString: t.url, max: 3, superviseIntervalSeconds: 1, monitorIntervalSeconds: 1, schedule: false });
    await boss.start();
    expect(await scheduleDueSyncs(boss, t.db, { tenantIds: [ctx.tenant.id] })).toBe(3);

    const metricsJob = async () =>
      (
        await t.db.execute<{ state: string; retry_in: number; message: string | null }>(sql`
          select state, extract(epoch from start_after - now())::float as retry_in, output->'value'->>'message' as message
            from pgboss.job where name = ${AWS_QUEUES.metrics} and data->>'tenantId' = ${ctx.tenant.id}`)
      ).rows[0];
    await until(async () => {
      const running = (await listSyncRuns({ ctx, connectionId, kind: "metrics" })).some((r) => r.status === "running");
      return (await metricsJob())?.state === "active" && running;
    }, 60_000);
    child.kill("SIGKILL");
    await exited;
    const killedAt = Date.now();

    await until(async () => (await metricsJob())?.state !== "active", 45_000);
    // Heartbeat (20 s) plus one supervision pass, against 5 minutes of expiry for a metrics job.
    expect(Date.now() - killedAt).toBeLessThan(40_000);
    const job = await metricsJob();
    expect(job).toMatchObject({ state: "retry", message: "job heartbeat timeout" });
    // Back in the queue after the retry delay (15-30 s with backoff), with its singleton key free again.
    expect(job?.retry_in).toBeLessThan(31);
  }, 120_000);
});

describe("the initial sync", () => {
  it("closes an initial row left running by a killed worker when it runs again", async () => {
    const { ctx, connectionId } = await connected(["us-east-1"], { initialDone: false });
    const [stale] = await withTenant(
      ctx.tenant.id,
      (tx) =>
        tx
          .insert(schema.syncRuns)
          .values({ tenantId: ctx.tenant.id, connectionId, region: "all", kind: "initial", startedAt: new Date(Date.now() - 2 * HOUR), details: { resourcesFound: 3 } })
          .returning(),
      { db: t.db },
    );
    const result = await runInitialSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId });
    expect(result?.status).toBe("succeeded");
    const initial = await listSyncRuns({ ctx, connectionId, kind: "initial" });
    expect(initial.map((r) => [r.id === stale!.id ? "stale" : "new", r.status])).toEqual([
      ["new", "succeeded"],
      ["stale", "failed"],
    ]);
    expect(initial[1]?.error).toMatch(/Interrupted/);
    expect(initial[1]?.finishedAt).not.toBeNull();
    expect((await getSyncProgress({ ctx, connectionId })).state).toBe("done");
  });

  it("stops before its next step when its job's signal is aborted, and says so", async () => {
    const { ctx, connectionId } = await connected(["us-east-1"], { initialDone: false });
    const controller = new AbortController();
    controller.abort();
    expect(await rejection(runInitialSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId }, { signal: controller.signal }))).toMatchObject({ name: "AbortError" });
    const initial = await listSyncRuns({ ctx, connectionId });
    expect(initial.map((r) => [r.kind, r.status])).toEqual([["initial", "failed"]]);
    expect(initial[0]?.error).toMatch(/Stopped/);
    expect((await getSyncProgress({ ctx, connectionId })).state).toBe("failed");
  });
});
