import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, updateConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectCosts, collectInventory, collectMetrics, GLOBAL_REGION, runSync } from "@/lib/collect";
import { dailySpend } from "@/lib/costs";
import { withTenant } from "@/lib/db";
import {
  backfillCpu, backtestForecast, CHECKS, dailyByService, detectAnomalies, dismissFinding, eksCostByNamespace, getFindings, loadSpendOutlook, type Finding,
} from "@/lib/insights";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, HOUR, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * Insights on the simulator's known account: its planted idle resources, its cost spike, its
 * 13 months of cost history. Collection runs as in production (inventory, metrics, costs), then
 * the CPU backfill fetches 14 days for idle candidates.
 */
let t: TestDatabase;
let sim: AwsSim;
let ctx: TenantContext;
let connection: Connection;
const DAY = 24 * HOUR;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 10 * MINUTE).toISOString() });
  ctx = await createTenant(t.db);
  const aws = simAwsConfig(sim);
  connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
  connection = await updateConnection({ ctx, id: connection.id, input: { costTagKeys: ["team"] } });
  const deps = { db: t.db, aws };
  const target = (region: string, kind: "inventory" | "metrics" | "costs") => ({ tenantId: ctx.tenant.id, connectionId: connection.id, region, kind });
  await runSync(deps, target(GLOBAL_REGION, "costs"), collectCosts);
  for (const region of sim.scenario.enabledRegions) {
    await runSync(deps, target(region, "inventory"), collectInventory);
    await runSync(deps, target(region, "metrics"), collectMetrics);
  }
}, 240_000);
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const idsOf = (findings: Finding[], check: keyof typeof CHECKS) => findings.filter((f) => f.check === check).map((f) => f.resource.resourceId).sort();

describe("idle and wasted resources", () => {
  it("waits for 14 days of CPU before calling an instance idle, then the backfill supplies them", async () => {
    const before = await getFindings({ ctx, now: sim.now() });
    expect(idsOf(before.findings, "ec2_low_cpu")).toEqual([]);
    expect(before.awaitingHistory.map((a) => a.resourceId)).toContain(sim.scenario.instances.idle.instanceId);
    const aws = simAwsConfig(sim);
    for (const region of sim.scenario.enabledRegions) {
      const result = await backfillCpu({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region });
      expect(result.status).toBe("succeeded");
    }
  }, 120_000);

  it("finds every planted idle resource and nothing among the busy ones", async () => {
    const s = sim.scenario;
    const { findings, totalMonthlySaving } = await getFindings({ ctx, now: sim.now() });
    expect(idsOf(findings, "ec2_low_cpu")).toEqual([s.instances.idle.instanceId]);
    expect(idsOf(findings, "stopped_with_volumes")).toEqual([s.instances.stopped.instanceId]);
    expect(findings.find((f) => f.check === "stopped_with_volumes")!.evidence.join(" ")).toContain(s.instances.stopped.volumeId);
    expect(idsOf(findings, "unattached_volume")).toEqual([...s.volumes.unattachedVolumeIds].sort());
    expect(idsOf(findings, "unassociated_eip")).toEqual([...s.addresses.unassociatedAllocationIds].sort());
    // Every previous-generation instance still in the account (the terminating one is t3).
    expect(idsOf(findings, "previous_generation")).toEqual([...s.instances.previousGenerationInstanceIds].sort());
    const gp2 = idsOf(findings, "gp2_volume");
    for (const id of s.volumes.unattachedGp2VolumeIds) expect(gp2).toContain(id);
    expect(gp2).toContain(s.instances.stopped.volumeId);
    // No busy instance is called idle; the hot one appears in no instance check at all.
    expect(findings.some((f) => f.resource.resourceId === s.instances.hot.instanceId)).toBe(false);
    const idle = findings.find((f) => f.check === "ec2_low_cpu")!;
    expect(idle.monthlySaving).toBeCloseTo(0.1 * 730, 6); // m4.large at $0.10/hour
    expect(idle.evidence[0]).toMatch(/CPU averaged \d\.\d % over 1[45] days/);
    expect(totalMonthlySaving).toBeGreaterThan(idle.monthlySaving);
  });

  it("dismisses a finding with a reason; it stays listed as dismissed and leaves the total", async () => {
    const before = await getFindings({ ctx, now: sim.now() });
    const eip = before.findings.find((f) => f.check === "unassociated_eip")!;
    await expect(dismissFinding({ ctx, input: { key: eip.key, reason: "" }, now: sim.now() })).rejects.toMatchObject({ status: 400, fields: { reason: expect.any(String) } });
    await dismissFinding({ ctx, input: { key: eip.key, reason: "Reserved for the DR cut-over" }, now: sim.now() });
    const after = await getFindings({ ctx, now: sim.now() });
    expect(after.findings.find((f) => f.key === eip.key)!.dismissed).toMatchObject({ reason: "Reserved for the DR cut-over" });
    expect(after.totalMonthlySaving).toBeCloseTo(before.totalMonthlySaving - eip.monthlySaving, 6);
  });
});

describe("forecast and anomalies on the simulator's history", () => {
  it("forecasts 30 held-back days within 3 % of their total, with ≥ 70 % of days inside the 80 % interval", async () => {
    const today = Math.floor(sim.now().getTime() / DAY) * DAY;
    const history = await withTenant(ctx.tenant.id, (tx) => dailySpend(tx, { from: new Date(today - 400 * DAY), to: new Date(today - 2 * DAY) }), { db: t.db });
    const final = history.filter((d) => !d.estimated);
    expect(final.length).toBeGreaterThan(300);
    const spike = new Set(detectAnomalies(final).map((a) => a.day));
    const cutoffs = Array.from({ length: 12 }, (_, k) => new Date(today - 2 * DAY - 30 * DAY - k * 14 * DAY).toISOString().slice(0, 10));
    const result = backtestForecast(final, cutoffs, 30, spike);
    expect(result.cutoffs).toBe(12);
    expect(result.meanAbsPctError).toBeLessThan(0.03);
    expect(result.maxAbsPctError).toBeLessThan(0.05);
    expect(result.dailyCoverage).toBeGreaterThanOrEqual(0.7);
  });

  it("the spend outlook forecasts the month end and the next 30 days with a band", async () => {
    const outlook = await withTenant(ctx.tenant.id, (tx) => loadSpendOutlook(tx, { now: sim.now() }), { db: t.db });
    if (!outlook.available) throw new Error(outlook.reason);
    expect(outlook.monthEnd.low).toBeLessThanOrEqual(outlook.monthEnd.amount);
    expect(outlook.monthEnd.high).toBeGreaterThan(outlook.monthEnd.amount);
    expect(outlook.monthEnd.amount).toBeGreaterThanOrEqual(outlook.monthToDate);
    expect(outlook.next30.amount).toBeGreaterThan(20 * 200);
    expect(outlook.days.length).toBeGreaterThanOrEqual(30);
  });

  it("flags the simulator's cost spike (total and service) and no ordinary weekend", async () => {
    const { spike } = sim.scenario.costs;
    const today = Math.floor(sim.now().getTime() / DAY) * DAY;
    const from = new Date(today - 200 * DAY);
    const judgeFrom = new Date(today - 100 * DAY).toISOString().slice(0, 10);
    const { total, services } = await withTenant(ctx.tenant.id, async (tx) => ({ total: await dailySpend(tx, { from, to: new Date(today) }), services: await dailyByService(tx, { from, to: new Date(today) }) }), { db: t.db });
    const totalFlags = detectAnomalies(total, judgeFrom);
    expect(totalFlags.map((a) => a.day)).toEqual([spike.date]);
    expect(totalFlags[0]).toMatchObject({ direction: "above" });
    const flagged: string[] = [];
    for (const [service, series] of services) for (const a of detectAnomalies(series, judgeFrom)) flagged.push(`${service}@${a.day}`);
    expect(flagged).toEqual([`${spike.service}@${spike.date}`]);
    // Weekends are a quarter lower for some services: they were judged, and none was flagged.
    const weekends = total.filter((d) => d.day >= judgeFrom && [0, 6].includes(new Date(`${d.day}T00:00:00Z`).getUTCDay()) && !d.estimated);
    expect(weekends.length).toBeGreaterThan(20);
  });
});

describe("EKS cost by namespace", () => {
  it("splits each cluster's node cost across namespaces and keeps idle capacity as its own line", async () => {
    const now = sim.now();
    const clusters = await withTenant(ctx.tenant.id, (tx) => eksCostByNamespace(tx, { tenantId: ctx.tenant.id, from: new Date(now.getTime() - 7 * DAY), to: now }), { db: t.db });
    expect(clusters.map((c) => c.cluster).sort()).toEqual(sim.scenario.clusters.map((c) => c.name).sort());
    for (const c of clusters) {
      const scenario = sim.scenario.clusters.find((x) => x.name === c.cluster)!;
      expect(c.nodes).toBe(scenario.nodeInstanceIds.length);
      expect(c.nodeCost).toBeGreaterThan(0);
      expect(c.hasPodMetrics).toBe(true);
      expect(c.namespaces.map((n) => n.namespace).sort()).toEqual([...new Set(scenario.pods.map((p) => p.split("/")[0]!))].sort());
      const sum = c.namespaces.reduce((a, n) => a + n.cost, 0) + c.idle.cost;
      expect(sum).toBeCloseTo(c.nodeCost, 6);
      expect(c.idle.cost).toBeGreaterThan(0);
    }
  });
});
