import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AWS_API_PRICES_USD, collectionCost, createConnection, updateConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectCosts, collectInventory, collectMetrics, runSync, type SyncResult } from "@/lib/collect";
import { NotFoundError } from "@/lib/http/errors";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * MINUTE).toISOString() });
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const byAction = (r: SyncResult, action: string) => (r.details.apiCallsByAction as Record<string, number>)[action] ?? 0;

describe("what collection costs in the customer's AWS bill", () => {
  let ctx: TenantContext;
  let connection: Connection;
  const runs: Record<string, SyncResult> = {};

  it("prices each schedule for the series collected, and the last day's runs as measured", async () => {
    ctx = await createTenant(t.db);
    const aws = simAwsConfig(sim);
    connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    expect(connection.regions.length).toBeGreaterThan(1);
    const deps = { db: t.db, aws };
    for (const region of connection.regions) {
      await runSync(deps, { tenantId: ctx.tenant.id, connectionId: connection.id, region, kind: "inventory" }, collectInventory);
      runs[region] = await runSync(deps, { tenantId: ctx.tenant.id, connectionId: connection.id, region, kind: "metrics" }, collectMetrics);
    }
    const costs = await runSync(deps, { tenantId: ctx.tenant.id, connectionId: connection.id, region: "global", kind: "costs" }, collectCosts);

    const cost = await collectionCost({ ctx, connectionId: connection.id });
    const series = Object.values(runs).reduce((n, r) => n + (r.details.seriesFound as number), 0);
    expect(series).toBeGreaterThan(0);
    expect(cost.series).toBe(series);
    expect(cost.bySchedule).toEqual([
      { intervalSeconds: 60, metricsPerMonth: series * 43_200, usdPerMonth: expect.closeTo(series * 43_200 * 0.00001, 6) },
      { intervalSeconds: 300, metricsPerMonth: series * 8_640, usdPerMonth: expect.closeTo(series * 8_640 * 0.00001, 6) },
    ]);
    const queries = Object.values(runs).reduce((n, r) => n + (r.details.queries as number), 0);
    const listMetrics = Object.values(runs).reduce((n, r) => n + byAction(r, "ListMetrics"), 0);
    const costExplorer = byAction(costs, "GetCostAndUsage");
    expect(costExplorer).toBeGreaterThan(0);
    expect(cost.lastDay).toEqual({
      metricsRequested: queries,
      listMetricsRequests: listMetrics,
      costExplorerRequests: costExplorer,
      usd: expect.closeTo(queries * AWS_API_PRICES_USD.getMetricDataPerMetric + listMetrics * AWS_API_PRICES_USD.listMetricsPerRequest + costExplorer * 0.01, 6),
    });
  });

  it("counts only the regions still monitored, and only the last 24 hours of runs", async () => {
    const [kept] = connection.regions;
    await updateConnection({ ctx, id: connection.id, input: { regions: [kept!] } });
    const later = await collectionCost({ ctx, connectionId: connection.id, now: new Date(Date.now() + 25 * 3600_000) });
    expect(later.series).toBe(runs[kept!]!.details.seriesFound);
    expect(later.lastDay).toEqual({ metricsRequested: 0, listMetricsRequests: 0, costExplorerRequests: 0, usd: 0 });
  });

  it("answers not found for another workspace's connection", async () => {
    const other = await createTenant(t.db);
    await expect(collectionCost({ ctx: other, connectionId: connection.id })).rejects.toBeInstanceOf(NotFoundError);
  });
});
