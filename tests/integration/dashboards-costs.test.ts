import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { budgetsFor, saveBudget } from "@/lib/budgets";
import { storeCosts, type CostFigure } from "@/lib/collect/costs/store-costs";
import { loadDashboardView, PAST_VIEW_BUDGET, type PanelDataMap, type WidgetView } from "@/lib/dashboards";
import { withTenant } from "@/lib/db";
import { FORECAST_METHOD, loadSpendOutlook, type SpendOutlook } from "@/lib/insights";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant } from "./aws-test-kit";
import { addMember, seedInventory, startDashboardsServer } from "./dashboards-kit";

/*
 * The Costs dashboard and the overview's cost tile draw lib/insights' forecast (with its band)
 * and compare with the workspace budget as lib/budgets computes it. The seeded spend is a trend
 * plus a weekend dip, which the insights model (trend + weekday effect) fits exactly, so the
 * month end is also known in closed form. Cost Explorer's last two days arrive as estimates
 * (recorded 06:00) and are revised at 11:00; a past view at 08:00 sees the estimates.
 */
const DAY = 86_400_000;
const NOW = new Date("2026-03-20T12:00:00Z");
const TODAY = Date.UTC(2026, 2, 20);
const FIRST = TODAY - 100 * DAY;
const RECORDED = new Date("2026-03-20T06:00:00Z");
const REVISED = new Date("2026-03-20T11:00:00Z");
const BETWEEN = new Date("2026-03-20T08:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const COMPUTE = "Amazon Elastic Compute Cloud - Compute";
const S3 = "Amazon Simple Storage Service";
const weekend = (ms: number) => [0, 6].includes(new Date(ms).getUTCDay());
const compute = (ms: number) => 150 + 0.2 * ((ms - FIRST) / DAY) - (weekend(ms) ? 60 : 0);
const total = (ms: number) => compute(ms) + 50;
const sum = (from: number, toExclusive: number, f: (ms: number) => number = total) => {
  let s = 0;
  for (let d = from; d < toExclusive; d += DAY) s += f(d);
  return s;
};
const MARCH = Date.UTC(2026, 2, 1);
const APRIL = Date.UTC(2026, 3, 1);

let t: TestDatabase;
let owner: TenantContext;
let viewer: TenantContext;

function figure(day: number, service: string, amount: number, estimated = false): CostFigure {
  return { periodStart: iso(day), granularity: "DAILY", groupKind: "service", groupKey: "SERVICE", groupValue: service, metric: "UnblendedCost", amount: amount.toFixed(6), unit: "USD", estimated };
}

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createTenant(t.db);
  viewer = await addMember(t.db, owner, "viewer");
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "api" }], new Date(FIRST));
  const first: CostFigure[] = [];
  for (let d = FIRST; d <= TODAY; d += DAY) {
    const estimated = d >= TODAY - DAY;
    first.push(figure(d, COMPUTE, estimated ? compute(d) / 2 : compute(d), estimated), figure(d, S3, 50, estimated));
  }
  const store = (figures: CostFigure[], recordedAt: Date) => withTenant(owner.tenant.id, (tx) => storeCosts(tx, { tenantId: owner.tenant.id, connectionId: connection.id, figures, recordedAt }), { db: t.db });
  await store(first, RECORDED);
  await store([TODAY - DAY, TODAY].flatMap((d) => [figure(d, COMPUTE, compute(d)), figure(d, S3, 50)]), REVISED);
});
afterAll(async () => {
  await t?.drop();
});

const view = (ref: string, ctx = owner, asOf?: Date, now = NOW) => loadDashboardView({ ctx, ref, from: new Date(TODAY - 29 * DAY), to: now, now, ...(asOf ? { asOf } : {}) });
/** A later moment to look back from: the past view must not take its "today" from it. */
const LATER = new Date("2026-04-02T12:00:00Z");
function panel<K extends keyof PanelDataMap>(widgets: WidgetView[], name: K): PanelDataMap[K] {
  const w = widgets.find((x) => x.data.kind === "panel" && x.data.panel === name);
  if (w?.data.kind !== "panel") throw new Error(`${name}: ${JSON.stringify(w?.data)}`);
  return w.data.data as PanelDataMap[K];
}
const outlook = (now: Date, asOf?: Date): Promise<Extract<SpendOutlook, { available: true }>> =>
  withTenant(owner.tenant.id, (tx) => loadSpendOutlook(tx, { now, ...(asOf ? { asOf } : {}) }), { db: t.db }).then((o) => {
    if (!o.available) throw new Error(o.reason);
    return o;
  });

describe("the Costs dashboard's forecast is lib/insights' outlook", () => {
  it("draws the outlook's month end, band and daily points through the month end", async () => {
    const { widgets } = await view("costs");
    expect(widgets.filter((w) => w.data.kind === "error")).toEqual([]);
    const f = panel(widgets, "cost-daily").forecast;
    if (!f.available) throw new Error(f.reason);
    const o = await outlook(NOW);
    expect(f.method).toBe(FORECAST_METHOD);
    expect(f.monthEnd).toEqual(o.monthEnd);
    expect(f.monthToDate).toBe(o.monthToDate);
    expect(f.days).toEqual(o.days.filter((d) => d.day < "2026-04-01"));
    // The model fits the seeded spend exactly: the month end is March's spend, the band has no width.
    expect(f.month).toBe("2026-03");
    expect(f.days.map((d) => d.day)).toEqual(Array.from({ length: 12 }, (_, i) => iso(TODAY + i * DAY)));
    for (const d of f.days) expect(d.amount).toBeCloseTo(total(Date.parse(`${d.day}T00:00:00Z`)), 3);
    expect(f.monthEnd.amount).toBeCloseTo(sum(MARCH, APRIL), 2);
    expect(f.monthEnd.high - f.monthEnd.low).toBeLessThan(0.01);
    expect(f.monthToDate).toBeCloseTo(sum(MARCH, TODAY + DAY), 6);
  });

  it("the overview's cost tile shows the same month end and band", async () => {
    const { widgets } = await view("overview");
    const o = await outlook(NOW);
    expect(panel(widgets, "cost-mtd").forecast).toEqual(o.monthEnd);
  });

  it("a past view forecasts from what was known then: the estimates, and that moment's today", async () => {
    const { widgets } = await view("costs", owner, BETWEEN, LATER);
    const f = panel(widgets, "cost-daily").forecast;
    if (!f.available) throw new Error(f.reason);
    const o = await outlook(BETWEEN, BETWEEN);
    expect(f.monthEnd).toEqual(o.monthEnd);
    expect(f.days).toEqual(o.days.filter((d) => d.day < "2026-04-01"));
    // Final days end on the 18th; the 19th and 20th were estimates, so they are forecast too.
    expect(f.month).toBe("2026-03");
    expect(f.days[0]!.day).toBe("2026-03-19");
    expect(f.monthEnd.amount).toBeCloseTo(sum(MARCH, APRIL), 2);
    expect(f.monthToDate).toBeCloseTo(sum(MARCH, TODAY - DAY) + compute(TODAY - DAY) / 2 + 50 + compute(TODAY) / 2 + 50, 6);
    expect(panel(widgets, "cost-daily").daily.find((d) => d.day === "2026-03-19")).toMatchObject({ estimated: true });
  });

  it("/api/costs carries the same forecast", async () => {
    const server = await startDashboardsServer();
    try {
      const token = server.login(owner);
      const q = new URLSearchParams({ from: iso(TODAY - 6 * DAY), to: iso(TODAY), asOf: BETWEEN.toISOString() });
      const r = await server.call(token, `/api/costs?${q}`);
      expect(r.status).toBe(200);
      const o = await outlook(BETWEEN, BETWEEN);
      expect(r.json.forecast).toMatchObject({ available: true, month: "2026-03", monthEnd: o.monthEnd, method: o.method });
    } finally {
      await server.close();
    }
  });
});

describe("vs budget: the workspace budget as lib/budgets computes it", () => {
  it("says there is none until one is set", async () => {
    for (const ref of ["costs", "overview"] as const) {
      const { widgets } = await view(ref);
      const budget = ref === "costs" ? panel(widgets, "cost-mom").budget : panel(widgets, "cost-mtd").budget;
      expect(budget).toEqual({ kind: "none", month: "2026-03", others: 0 });
    }
  });

  it("compares the month with the workspace budget, on the Costs dashboard and the overview alike", async () => {
    await saveBudget({ ctx: owner, input: { scope: { kind: "tenant" }, monthlyLimit: 6000 } });
    await saveBudget({ ctx: owner, input: { scope: { kind: "user", id: owner.actor.userId }, monthlyLimit: 100 } });
    const expected = (await budgetsFor({ ctx: owner, month: "2026-03", now: NOW })).find((s) => s.scope.kind === "tenant")!;
    const costs = panel((await view("costs")).widgets, "cost-mom").budget;
    const overview = panel((await view("overview")).widgets, "cost-mtd").budget;
    expect(costs).toEqual({ kind: "set", month: "2026-03", status: expected, others: 1 });
    expect(overview).toEqual(costs);
    // What lib/budgets computed, against the seeded spend: the month's bill so far and the insights month end.
    expect(expected.monthlyLimit).toBe(6000);
    expect(expected.actual).toBeCloseTo(sum(MARCH, TODAY + DAY), 6);
    expect(expected.forecast!).toBeCloseTo(sum(MARCH, APRIL), 2);
    expect(expected.pctActual).toBeCloseTo((expected.actual / 6000) * 100, 9);
    expect(expected.forecastMethod).toBe(FORECAST_METHOD);
  });

  it("a viewer sees the workspace budget but not someone else's", async () => {
    const budget = panel((await view("costs", viewer)).widgets, "cost-mom").budget;
    expect(budget).toMatchObject({ kind: "set", others: 0, status: { monthlyLimit: 6000 } });
  });

  it("a past view says it has no budget comparison instead of showing today's", async () => {
    const { widgets } = await view("costs", owner, BETWEEN, LATER);
    expect(panel(widgets, "cost-mom").budget).toEqual({ kind: "past-view", message: PAST_VIEW_BUDGET });
    const overview = await view("overview", owner, BETWEEN, LATER);
    expect(panel(overview.widgets, "cost-mtd").budget).toEqual({ kind: "past-view", message: PAST_VIEW_BUDGET });
  });
});
