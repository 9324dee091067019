import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { storeCosts, type CostFigure } from "@/lib/collect/costs/store-costs";
import { loadCostSummary } from "@/lib/costs";
import { withTenant } from "@/lib/db";
import { createTenant } from "./aws-test-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { seedInventory, startDashboardsServer } from "./dashboards-kit";

const DAY = 86_400_000;
// Period days are valid time (a fixed month); recorded times are real, earlier moments.
const NOW = new Date("2026-03-20T12:00:00Z");
const TODAY = Date.UTC(2026, 2, 20);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const COMPUTE = "Amazon Elastic Compute Cloud - Compute";
const S3 = "Amazon Simple Storage Service";
const FIRST = TODAY - 50 * DAY; // 2026-01-29
/** Compute grows linearly, S3 is flat: every figure below is known in closed form. */
const compute = (ms: number) => 100 + 2 * ((ms - FIRST) / DAY);
const s3 = () => 50;
const total = (ms: number) => compute(ms) + s3();

let t: TestDatabase;
let owner: TenantContext;
let server: Awaited<ReturnType<typeof startDashboardsServer>>;
let token: string;
const recorded1 = new Date(Date.now() - 2 * 3_600_000);
const recorded2 = new Date(Date.now() - 3_600_000);
const between = new Date(Date.now() - 1.5 * 3_600_000);

function figure(day: number, service: string, amount: number, estimated = false): CostFigure {
  return { periodStart: iso(day), granularity: "DAILY", groupKind: "service", groupKey: "SERVICE", groupValue: service, metric: "UnblendedCost", amount: amount.toFixed(4), unit: "USD", estimated };
}
const tagFigure = (day: number, value: string, amount: number): CostFigure => ({ ...figure(day, "", amount), groupKind: "tag", groupKey: "team", groupValue: value });

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startDashboardsServer();
  owner = await createTenant(t.db);
  token = server.login(owner);
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "api" }], new Date(FIRST));
  const first: CostFigure[] = [];
  for (let d = FIRST; d <= TODAY; d += DAY) {
    // Cost Explorer's last two days are estimates, lower than the final figures.
    const estimated = d >= TODAY - DAY;
    first.push(figure(d, COMPUTE, estimated ? compute(d) / 2 : compute(d), estimated), figure(d, S3, s3(), estimated));
    first.push(tagFigure(d, "payments", 30), tagFigure(d, "", 20));
  }
  await withTenant(owner.tenant.id, (tx) => storeCosts(tx, { tenantId: owner.tenant.id, connectionId: connection.id, figures: first, recordedAt: recorded1 }), { db: t.db });
  const revised = [TODAY - DAY, TODAY].flatMap((d) => [figure(d, COMPUTE, compute(d)), figure(d, S3, s3())]);
  await withTenant(owner.tenant.id, (tx) => storeCosts(tx, { tenantId: owner.tenant.id, connectionId: connection.id, figures: revised, recordedAt: recorded2 }), { db: t.db });
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

const summary = (asOf?: Date, from = TODAY - 29 * DAY, to = TODAY) =>
  withTenant(owner.tenant.id, (tx) => loadCostSummary(tx, { from: new Date(from), to: new Date(to), now: NOW, ...(asOf ? { asOf } : {}) }), { db: t.db });

describe("cost queries over versioned cost_records", () => {
  it("daily spend and spend by service agree with the figures", async () => {
    const s = await summary();
    expect(s.daily).toHaveLength(30);
    for (const d of s.daily) expect(d.amount).toBeCloseTo(total(Date.parse(`${d.day}T00:00:00Z`)), 6);
    expect(s.daily.at(-1)).toMatchObject({ day: "2026-03-20", estimated: false });
    const computeSum = s.daily.reduce((a, d) => a + compute(Date.parse(`${d.day}T00:00:00Z`)), 0);
    expect(s.byService.map((g) => g.key)).toEqual([COMPUTE, S3]);
    expect(s.byService[0].amount).toBeCloseTo(computeSum, 6);
    expect(s.byService[0].share + s.byService[1].share).toBeCloseTo(1, 9);
    expect(s.total).toBeCloseTo(computeSum + 30 * 50, 6);
  });

  it("as known at an earlier moment, the last two days are the estimates Cost Explorer gave then", async () => {
    const then = await summary(between);
    const yesterday = then.daily.find((d) => d.day === "2026-03-19")!;
    expect(yesterday).toMatchObject({ estimated: true });
    expect(yesterday.amount).toBeCloseTo(compute(TODAY - DAY) / 2 + 50, 6);
    const now = await summary();
    expect(now.daily.find((d) => d.day === "2026-03-19")!.amount).toBeCloseTo(total(TODAY - DAY), 6);
    const before = await summary(new Date(recorded1.getTime() - 1000));
    expect(before.daily).toEqual([]);
  });

  it("month over month compares the same days of last month", async () => {
    const m = (await summary()).monthOverMonth;
    let mtd = 0;
    for (let d = Date.UTC(2026, 2, 1); d <= TODAY; d += DAY) mtd += total(d);
    let same = 0;
    for (let d = Date.UTC(2026, 1, 1); d <= Date.UTC(2026, 1, 20); d += DAY) same += total(d);
    let feb = 0;
    for (let d = Date.UTC(2026, 1, 1); d < Date.UTC(2026, 2, 1); d += DAY) feb += total(d);
    expect(m.month).toBe("2026-03");
    expect(m.monthToDate).toBeCloseTo(mtd, 6);
    expect(m.lastMonthSamePeriod).toBeCloseTo(same, 6);
    expect(m.lastMonthTotal).toBeCloseTo(feb, 6);
    expect(m.change).toBeCloseTo(mtd / same - 1, 9);
    expect(m.months.map((x) => x.month)).toEqual(["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"]);
  });

  it("top drivers rank the growing service first; by tag splits tagged and untagged spend", async () => {
    const s = await summary(undefined, TODAY - 6 * DAY, TODAY);
    expect(s.drivers[0]).toMatchObject({ service: COMPUTE, previous: expect.any(Number) });
    expect(s.drivers[0].change).toBeCloseTo(7 * 7 * 2, 6);
    expect(s.drivers[1]).toMatchObject({ service: S3, change: 0 });
    expect(s.tagKeys).toEqual(["team"]);
    expect(s.byTag).toEqual([
      { key: "payments", amount: 210, share: 0.6 },
      { key: "(untagged)", amount: 140, share: 0.4 },
    ]);
  });
});

describe("GET /api/costs", () => {
  it("answers with the summary, and as known at an earlier moment", async () => {
    const q = (extra: Record<string, string> = {}) => new URLSearchParams({ from: iso(TODAY - 2 * DAY), to: iso(TODAY), ...extra });
    const now = await server.call(token, `/api/costs?${q()}`);
    expect(now.status).toBe(200);
    const daily = (now.json as unknown as { daily: { day: string; amount: number }[] }).daily;
    expect(daily.map((d) => d.day)).toEqual(["2026-03-18", "2026-03-19", "2026-03-20"]);
    expect(daily[2].amount).toBeCloseTo(total(TODAY), 6);
    const then = (await server.call(token, `/api/costs?${q({ asOf: between.toISOString() })}`)).json as unknown as { daily: { amount: number; estimated: boolean }[]; asOf: string };
    expect(then.daily[2]).toMatchObject({ estimated: true });
    expect(then.daily[2].amount).toBeCloseTo(compute(TODAY) / 2 + 50, 6);
    expect(then.asOf).toBe(between.toISOString());
  });

  it("bad parameters are a 400 naming the field", async () => {
    for (const [params, field] of [
      [{ to: "2026-03-20" }, "from"],
      [{ from: "2026-03-20", to: "2026-03-01" }, "to"],
      [{ from: "2026-03-01", to: "2026-03-20", asOf: "soon" }, "asOf"],
    ] as const) {
      const r = await server.call(token, `/api/costs?${new URLSearchParams(params)}`);
      expect(r.status).toBe(400);
      expect(Object.keys(r.json.error?.fields ?? {})).toContain(field);
    }
  });
});
