import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, disconnectConnection, listSyncRuns } from "@/lib/aws";
import { collectCosts, collectInventory, collectMetrics, GLOBAL_REGION, runSync } from "@/lib/collect";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, pointStats, simAwsConfig, startSim } from "./aws-test-kit";

/* Issue #4: "Disconnect removes the role and stops collection; data already collected stays until retention removes it." */
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

describe("disconnecting an AWS account", () => {
  it("stops every kind of collection and keeps what was collected", async () => {
    const ctx = await createTenant(t.db);
    const aws = simAwsConfig(sim);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    const deps = { db: t.db, aws };
    const target = { tenantId: ctx.tenant.id, connectionId: connection.id };
    const region = connection.regions[0]!;
    await runSync(deps, { ...target, region, kind: "inventory" }, collectInventory);
    await runSync(deps, { ...target, region, kind: "metrics" }, collectMetrics);
    await runSync(deps, { ...target, region: GLOBAL_REGION, kind: "costs" }, collectCosts);
    const counts = async () => {
      const r = await t.db.execute<{ resources: number; costs: number }>(sql`
        select (select count(*)::int from resources where tenant_id = ${ctx.tenant.id}) as resources,
               (select count(*)::int from cost_records where tenant_id = ${ctx.tenant.id}) as costs`);
      return { ...r.rows[0], points: (await pointStats(t.db, ctx.tenant.id)).points };
    };
    const before = await counts();
    expect(before.resources).toBeGreaterThan(0);
    expect(before.costs).toBeGreaterThan(0);
    expect(before.points).toBeGreaterThan(0);
    const runsBefore = (await listSyncRuns({ ctx, connectionId: connection.id })).length;

    const disconnected = await disconnectConnection({ ctx, id: connection.id });
    expect(disconnected.disconnectedAt).toBeInstanceOf(Date);

    sim.setClock({ advanceMs: 10 * MINUTE });
    for (const [kind, work, r] of [
      ["inventory", collectInventory, region],
      ["metrics", collectMetrics, region],
      ["costs", collectCosts, GLOBAL_REGION],
    ] as const) {
      expect((await runSync(deps, { ...target, region: r, kind }, work)).status, kind).toBe("skipped");
    }
    expect((await listSyncRuns({ ctx, connectionId: connection.id })).length).toBe(runsBefore);
    const after = await counts();
    expect(after.points).toBe(before.points);
    expect(after.costs).toBe(before.costs);
    // Rows stay (a closed version is still a row): history remains until retention removes it.
    expect(after.resources).toBeGreaterThanOrEqual(before.resources);
  });
});
