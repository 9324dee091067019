import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { upsertSeries, writePoints, type MetricStat, type Point } from "@/lib/metrics";
import { createTenant } from "./aws-test-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { seedInventory, startDashboardsServer } from "./dashboards-kit";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DAYS = 10;
const end = Math.floor(Date.now() / DAY) * DAY;
const start = end - DAYS * DAY;

let t: TestDatabase;
let server: Awaited<ReturnType<typeof startDashboardsServer>>;
let owner: TenantContext;
let token: string;
let cpuA: number;
let cpuB: number;
/** The test's own copy of the current values, per series. */
const truth = new Map<number, Map<number, number>>();
let beforeRevision: Date;
const revisedHour = start + 3 * DAY + 5 * HOUR;

const valueAt = (i: number, k: number) => Math.round((40 + 30 * Math.sin(i / (37 + k)) + ((i * 7919 + k) % 17) - 8) * 100) / 100;

function expected(seriesId: number, from: number, to: number, bucketSeconds: number, stat: MetricStat): [number, number][] {
  const buckets = new Map<number, number[]>();
  for (const [ts, v] of truth.get(seriesId) ?? []) {
    if (ts < from || ts >= to) continue;
    const b = Math.floor(ts / (bucketSeconds * 1000)) * bucketSeconds * 1000;
    buckets.set(b, [...(buckets.get(b) ?? []), v]);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, vs]): [number, number] => {
      const sorted = [...vs].sort((x, y) => x - y);
      const pos = 0.95 * (sorted.length - 1);
      const lo = Math.floor(pos);
      const sum = vs.reduce((a, c) => a + c, 0);
      const value = { avg: sum / vs.length, min: sorted[0], max: sorted[sorted.length - 1], sum, count: vs.length, p95: sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo) }[stat];
      return [b, value];
    });
}

type Series = { id: number; label: string; resourceId: string; unit: string; points: [number, number][] };
type QueryBody = { resolution: string; bucketSeconds: number; matched: number; series: Series[] };

function expectPoints(actual: [number, number][], wanted: [number, number][]) {
  expect(actual.map((p) => p[0])).toEqual(wanted.map((p) => p[0]));
  actual.forEach((p, i) => expect(p[1]).toBeCloseTo(wanted[i][1], 6));
}

const iso = (ms: number) => new Date(ms).toISOString();
async function query(params: Record<string, string>, as = token) {
  return server.call(as, `/api/metrics/query?${new URLSearchParams(params)}`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startDashboardsServer();
  owner = await createTenant(t.db);
  token = server.login(owner);
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "web-1", tags: { team: "web" } }, { id: "i-0bbb", name: "db-1", tags: { team: "db" } }], new Date(start - DAY));
  const def = (id: string, metric: string) => ({ connectionId: connection.id, region: "us-east-1", resourceKind: "ec2_instance", resourceId: id, namespace: "AWS/EC2", metric, dimensions: { InstanceId: id }, stat: "Average", unit: "Percent", periodSeconds: 60 });
  [{ id: cpuA }, { id: cpuB }] = await withTenant(owner.tenant.id, (tx) => upsertSeries(tx, owner.tenant.id, [def("i-0aaa", "CPUUtilization"), def("i-0bbb", "CPUUtilization")]), { db: t.db });
  const points: Point[] = [];
  for (const [k, id] of [cpuA, cpuB].entries()) {
    const values = new Map<number, number>();
    for (let i = 0; i < DAYS * 1440; i++) {
      const ts = start + i * MIN;
      const v = valueAt(i, k) + k * 20;
      values.set(ts, v);
      points.push({ seriesId: id, ts: new Date(ts), value: v });
    }
    truth.set(id, values);
  }
  for (let i = 0; i < points.length; i += 5000) await withTenant(owner.tenant.id, (tx) => writePoints(tx, owner.tenant.id, points.slice(i, i + 5000)), { db: t.db });
  beforeRevision = new Date();
  await new Promise((r) => setTimeout(r, 20));
  // CloudWatch back-fills: one hour of i-0aaa is revised after the fact.
  const revised: Point[] = [];
  for (let i = 0; i < 60; i++) {
    const ts = revisedHour + i * MIN;
    const v = 500 + i;
    truth.get(cpuA)!.set(ts, v);
    revised.push({ seriesId: cpuA, ts: new Date(ts), value: v });
  }
  await withTenant(owner.tenant.id, (tx) => writePoints(tx, owner.tenant.id, revised), { db: t.db });
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe("GET /api/metrics/query: resolution and aggregation against raw data", () => {
  it("an hour reads raw 1-minute points", async () => {
    const from = start + 2 * DAY;
    const r = await query({ seriesIds: `${cpuA}`, from: iso(from), to: iso(from + HOUR), stat: "avg" });
    expect(r.status).toBe(200);
    const body = r.json as unknown as QueryBody;
    expect(body).toMatchObject({ resolution: "raw", bucketSeconds: 60, matched: 1 });
    expect(body.series[0].points).toHaveLength(60);
    expectPoints(body.series[0].points, expected(cpuA, from, from + HOUR, 60, "avg"));
  });

  it.each(["avg", "min", "max", "sum", "count"] as const)("7 days of %s come from the 5-minute rollups and match the raw data", async (stat) => {
    const from = end - 7 * DAY;
    const r = await query({ seriesIds: `${cpuA},${cpuB}`, from: iso(from), to: iso(end), stat });
    const body = r.json as unknown as QueryBody;
    expect(body).toMatchObject({ resolution: "5m", bucketSeconds: 900 });
    expect(body.series).toHaveLength(2);
    for (const s of body.series) {
      expect(s.points.length).toBeLessThanOrEqual(1000);
      expectPoints(s.points, expected(s.id, from, end, 900, stat));
    }
  });

  it("30 days come from the hourly rollups, at most 1 000 points, revised values included", async () => {
    const from = end - 30 * DAY;
    const body = (await query({ seriesIds: `${cpuA}`, from: iso(from), to: iso(end), stat: "avg" })).json as unknown as QueryBody;
    expect(body).toMatchObject({ resolution: "1h", bucketSeconds: 3600 });
    expect(body.series[0].points).toHaveLength(DAYS * 24);
    expectPoints(body.series[0].points, expected(cpuA, from, end, 3600, "avg"));
    expect(body.series[0].points.find((p) => p[0] === revisedHour)?.[1]).toBeCloseTo(529.5, 6);
  });

  it("p95 reads raw points; maxPoints and step widen the buckets", async () => {
    const from = end - 2 * DAY;
    const p95 = (await query({ seriesIds: `${cpuB}`, from: iso(from), to: iso(end), stat: "p95" })).json as unknown as QueryBody;
    expect(p95.resolution).toBe("raw");
    expectPoints(p95.series[0].points, expected(cpuB, from, end, p95.bucketSeconds, "p95"));
    const few = (await query({ seriesIds: `${cpuB}`, from: iso(from), to: iso(end), maxPoints: "50" })).json as unknown as QueryBody;
    expect(few.series[0].points.length).toBeLessThanOrEqual(50);
    expectPoints(few.series[0].points, expected(cpuB, from, end, few.bucketSeconds, "avg"));
    const stepped = (await query({ seriesIds: `${cpuB}`, from: iso(from), to: iso(end), step: "7200" })).json as unknown as QueryBody;
    expect(stepped.bucketSeconds).toBeGreaterThanOrEqual(7200);
    expect(stepped.series[0].points).toHaveLength((2 * DAY) / (stepped.bucketSeconds * 1000));
  });

  it("selects by resource + metric, by tag, and keeps the busiest series under a limit", async () => {
    const range = { from: iso(end - DAY), to: iso(end) };
    const byResource = (await query({ ...range, resourceIds: "i-0aaa", metric: "CPUUtilization" })).json as unknown as QueryBody;
    expect(byResource.series.map((s) => s.id)).toEqual([cpuA]);
    const byTag = (await query({ ...range, tag: "team:db", metric: "CPUUtilization" })).json as unknown as QueryBody;
    expect(byTag.series.map((s) => [s.id, s.resourceId, s.unit])).toEqual([[cpuB, "i-0bbb", "Percent"]]);
    // i-0bbb runs 20 points hotter everywhere but the revised hour of i-0aaa is hotter still.
    const top = (await query({ ...range, resourceIds: "i-0aaa,i-0bbb", metric: "CPUUtilization", limit: "1" })).json as unknown as QueryBody;
    expect(top).toMatchObject({ matched: 2 });
    expect(top.series.map((s) => s.id)).toEqual([cpuB]);
    // Legends name what differs: the instance (by its Name tag) when several are drawn.
    expect(top.series[0].label).toBe("db-1");
    expect(byTag.series[0].label).toBe("CPUUtilization");
  });

  it("never returns another tenant's series", async () => {
    const other = await createTenant(t.db);
    const body = (await query({ seriesIds: `${cpuA}`, from: iso(end - HOUR), to: iso(end) }, server.login(other))).json as unknown as QueryBody;
    expect(body).toMatchObject({ matched: 0, series: [] });
  });
});

describe("GET /api/metrics/query: as known at an earlier moment", () => {
  it("returns the values Monitr held before the revision, and the revised ones now", async () => {
    const range = { seriesIds: `${cpuA}`, from: iso(revisedHour), to: iso(revisedHour + HOUR) };
    const then = (await query({ ...range, asOf: beforeRevision.toISOString() })).json as unknown as QueryBody;
    const now = (await query(range)).json as unknown as QueryBody;
    const original = Array.from({ length: 60 }, (_, i): [number, number] => [revisedHour + i * MIN, valueAt((revisedHour - start) / MIN + i, 0)]);
    expectPoints(then.series[0].points, original);
    expectPoints(now.series[0].points, expected(cpuA, revisedHour, revisedHour + HOUR, 60, "avg"));
    expect(now.series[0].points[0][1]).toBe(500);
  });

  it("before any point was recorded, a past view is empty", async () => {
    const r = await query({ seriesIds: `${cpuA}`, from: iso(revisedHour), to: iso(revisedHour + HOUR), asOf: iso(start - DAY) });
    expect((r.json as unknown as QueryBody).series[0].points).toEqual([]);
  });
});

describe("GET /api/metrics/query: bad parameters are a 400 naming the field", () => {
  const range = () => ({ from: iso(end - HOUR), to: iso(end) });
  it.each([
    ["from", () => ({ seriesIds: "1", to: iso(end) })],
    ["from", () => ({ seriesIds: "1", from: "yesterday-ish", to: iso(end) })],
    ["to", () => ({ seriesIds: "1", from: iso(end), to: iso(end - HOUR) })],
    ["stat", () => ({ seriesIds: "1", ...range(), stat: "median" })],
    ["step", () => ({ seriesIds: "1", ...range(), step: "-5" })],
    ["step", () => ({ seriesIds: "1", ...range(), step: "abc" })],
    ["seriesIds", () => ({ seriesIds: "1,abc", ...range() })],
    ["seriesIds", () => ({ ...range() })],
    ["seriesIds", () => ({ seriesIds: "1", resourceIds: "i-0aaa", metric: "CPUUtilization", ...range() })],
    ["metric", () => ({ resourceIds: "i-0aaa", ...range() })],
    ["asOf", () => ({ seriesIds: "1", ...range(), asOf: "not a date" })],
    ["maxPoints", () => ({ seriesIds: "1", ...range(), maxPoints: "5000" })],
    ["from", () => ({ seriesIds: "1", from: iso(end - 500 * DAY), to: iso(end) })],
  ])("%s", async (field, params) => {
    const r = await query(params() as Record<string, string>);
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe("validation_failed");
    expect(Object.keys(r.json.error?.fields ?? {})).toContain(field);
  });
});
