import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, listSyncRuns, updateConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectInventory, collectMetrics, runSync, type SyncResult } from "@/lib/collect";
import { series as seriesTable } from "@/db/tables/metrics";
import { withTenant } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, pointMap, pointStats, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * On the 1-minute schedule a region with more than 500 series fills every GetMetricData call:
 * the partial last call's 5-minute series wait one run (plan-queries.ts, pickDeferred).
 */
let t: TestDatabase;
let sim: AwsSim;
let anchor: number;
const REGION = "us-east-1";

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim({ scale: { instances: 200 } })]);
  anchor = Date.parse(sim.scenario.anchor);
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

type Account = { ctx: TenantContext; connection: Connection };

async function connected(intervalSeconds: 60 | 300): Promise<Account> {
  const ctx = await createTenant(t.db);
  const aws = simAwsConfig(sim);
  const created = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
  const connection = await updateConnection({ ctx, id: created.id, input: { metricsIntervalSeconds: intervalSeconds } });
  await runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: REGION, kind: "inventory" }, collectInventory);
  return { ctx, connection };
}

const metrics = (a: Account) => runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: a.ctx.tenant.id, connectionId: a.connection.id, region: REGION, kind: "metrics" }, collectMetrics);
const deferredIds = (r: SyncResult) => new Set(r.carry?.deferredSeriesIds as number[]);
const at = (minutes: number) => sim.setClock({ fixedTime: new Date(anchor + minutes * MINUTE).toISOString() });

describe("GetMetricData packing on the 1-minute schedule", () => {
  it("fills every call after the first run, lets each 5-minute series wait at most one run, and ends with the same data", async () => {
    at(50);
    const a = await connected(60);
    const reference = await connected(300);
    const first = await metrics(a);
    await metrics(reference);
    const total = first.details.seriesFound as number;
    expect(total).toBeGreaterThan(500);
    expect(total % 500).not.toBe(0);
    // The first run has no earlier run to lean on: it fetches everything.
    expect(first.details).toMatchObject({ deferred: 0, queries: total, calls: Math.ceil(total / 500) });

    const runs: SyncResult[] = [];
    for (let minute = 51; minute <= 56; minute++) {
      at(minute);
      runs.push(await metrics(a));
      await metrics(reference);
    }
    const byId = new Map((await withTenant(a.ctx.tenant.id, (tx) => tx.select().from(seriesTable), { db: t.db })).map((s) => [s.id, s]));
    let previous = new Set<number>();
    for (const run of runs) {
      expect(run.status).toBe("succeeded");
      const deferred = deferredIds(run);
      expect(run.details).toMatchObject({ deferred: total % 500, queries: total - (total % 500), calls: Math.floor(total / 500) });
      for (const id of deferred) {
        expect(previous.has(id)).toBe(false);
        expect(byId.get(id)).toMatchObject({ namespace: "AWS/EC2", periodSeconds: 300 });
      }
      previous = deferred;
    }
    // One more run on each side after the last deferral: every series has been read at minute 57.
    at(57);
    const last = await metrics(a);
    await metrics(reference);
    expect(deferredIds(last).size).toBe(total % 500);
    // The list is the collector's bookkeeping: the sync history shows the count only.
    const [history] = await listSyncRuns({ ctx: a.ctx, connectionId: a.connection.id, limit: 1 });
    expect(history?.details).toMatchObject({ deferred: total % 500, calls: Math.floor(total / 500) });
    expect(history?.details).not.toHaveProperty("deferredSeriesIds");
    expect(history).not.toHaveProperty("carry");
    at(58);
    await metrics(a);
    await metrics(reference);
    expect((await pointStats(t.db, a.ctx.tenant.id)).duplicates).toBe(0);
    expect(await pointMap(t.db, a.ctx.tenant.id)).toEqual(await pointMap(t.db, reference.ctx.tenant.id));
  });

  it("fetches everything after a failed run, and never defers on the 5-minute schedule", async () => {
    at(50);
    const a = await connected(60);
    await metrics(a);
    at(51);
    expect((await metrics(a)).details.deferred).toBeGreaterThan(0);
    at(52);
    sim.setFaults({ seed: 3, serverError: [{ service: "cloudwatch", rate: 1, status: 500 }] });
    let failed: unknown;
    try {
      await metrics(a);
    } catch (error) {
      failed = error;
    } finally {
      sim.resetFaults();
    }
    expect(failed).toBeDefined();
    const after = await metrics(a);
    expect(after.details).toMatchObject({ deferred: 0, queries: after.details.seriesFound });

    const slow = await connected(300);
    await metrics(slow);
    at(53);
    expect((await metrics(slow)).details.deferred).toBe(0);
  });
});
