import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, withTenant, type Tx } from "@/lib/db";
import { queryMetrics, upsertSeries, writePoints, type MetricStat, type Point, type SeriesDef } from "@/lib/metrics";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const DAYS = 35;
const today = Math.floor(Date.now() / DAY) * DAY;
const start = today - DAYS * DAY;

let t: TestDatabase;
let tenant: string;
let cpu: number;
let net: number;
let revisedSeries: number;
/** The current value of every point of `cpu`, kept by the test itself. */
const truth = new Map<number, number>();

const inTenant = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tenant, fn, { db: t.db });

function def(metric: string, extra: Partial<SeriesDef> = {}): SeriesDef {
  return {
    connectionId: crypto.randomUUID(),
    region: "eu-central-1",
    resourceKind: "ec2_instance",
    resourceId: "i-q",
    namespace: "AWS/EC2",
    metric,
    dimensions: { InstanceId: "i-q" },
    stat: "Average",
    unit: "Percent",
    periodSeconds: 60,
    ...extra,
  };
}

// Deterministic, irregular values with repeats, so min/max/p95 are not trivially the ends.
const valueAt = (i: number) => Math.round((50 + 40 * Math.sin(i / 37) + ((i * 7919) % 23) - 11) * 100) / 100;

/** Aggregates the test's own copy of the data the way a chart expects. */
function expected(from: number, to: number, bucketSeconds: number, stat: MetricStat) {
  const buckets = new Map<number, number[]>();
  for (const [ts, v] of truth) {
    if (ts < from || ts >= to) continue;
    const b = Math.floor(ts / (bucketSeconds * 1000)) * bucketSeconds * 1000;
    buckets.set(b, [...(buckets.get(b) ?? []), v]);
  }
  return [...buckets.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([b, vs]) => {
      const sorted = [...vs].sort((x, y) => x - y);
      const pos = 0.95 * (sorted.length - 1);
      const lo = Math.floor(pos);
      const value = {
        avg: vs.reduce((a, c) => a + c, 0) / vs.length,
        min: sorted[0],
        max: sorted[sorted.length - 1],
        sum: vs.reduce((a, c) => a + c, 0),
        count: vs.length,
        p95: sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo),
      }[stat];
      return { ts: b, value };
    });
}

function expectSeries(actual: { ts: Date; value: number }[], wanted: { ts: number; value: number }[]) {
  expect(actual.map((p) => p.ts.getTime())).toEqual(wanted.map((p) => p.ts));
  actual.forEach((p, i) => expect(p.value).toBeCloseTo(wanted[i].value, 6));
}

beforeAll(async () => {
  t = await createTestDatabase();
  const [a] = await t.db.insert(schema.tenants).values({ slug: "acme", name: "Acme" }).returning();
  tenant = a.id;
  [{ id: cpu }, { id: net }, { id: revisedSeries }] = await inTenant((tx) =>
    upsertSeries(tx, tenant, [def("CPUUtilization"), def("NetworkIn", { unit: "Bytes" }), def("StatusCheckFailed")]),
  );
  const all: Point[] = [];
  for (let i = 0; i < DAYS * 1440; i++) {
    const ts = start + i * MIN;
    truth.set(ts, valueAt(i));
    all.push({ seriesId: cpu, ts: new Date(ts), value: valueAt(i) });
  }
  // Recent days first, then the older ones (a backfill), in batches whose edges cut through
  // 5-minute and hourly buckets: exercises both the merge and the recompute path of the rollups.
  const recentFirst = [...all.slice(all.length - 10 * 1440), ...all.slice(0, all.length - 10 * 1440)];
  for (let i = 0; i < recentFirst.length; i += 4_999) {
    const chunk = recentFirst.slice(i, i + 4_999);
    await inTenant((tx) => writePoints(tx, tenant, chunk));
  }
  // Revise every 7th point of one day: rollups must follow the current values.
  const revised = all.slice(20 * 1440, 21 * 1440).filter((_, i) => i % 7 === 0).map((p) => ({ ...p, value: p.value + 1000 }));
  for (const p of revised) truth.set(p.ts.getTime(), p.value);
  const result = await inTenant((tx) => writePoints(tx, tenant, revised));
  expect(result).toEqual({ inserted: 0, revised: revised.length, unchanged: 0 });
  await inTenant((tx) => writePoints(tx, tenant, [{ seriesId: net, ts: new Date(start), value: 1 }]));
});
afterAll(() => t?.drop());

describe("queryMetrics resolution", () => {
  it("reads raw points for an hour of 1-minute data", async () => {
    const from = today - 2 * DAY + 5 * HOUR;
    const q = await inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu], from: new Date(from), to: new Date(from + HOUR), stat: "avg" }));
    expect(q).toMatchObject({ resolution: "raw", bucketSeconds: 60 });
    expect(q.series[0].points).toHaveLength(60);
    expectSeries(q.series[0].points, expected(from, from + HOUR, 60, "avg"));
  });

  // Days 25…18 ago were back-filled (rollups recomputed), days 8…1 ago written in time order
  // (rollups merged batch by batch).
  it.each([
    ["avg", 25],
    ["min", 25],
    ["max", 25],
    ["sum", 25],
    ["count", 25],
    ["avg", 8],
    ["min", 8],
    ["max", 8],
    ["sum", 8],
    ["count", 8],
  ] as const)("uses 5-minute rollups for 7 days, matching raw data (%s, from %i days ago)", async (stat, daysAgo) => {
    const from = today - daysAgo * DAY;
    const to = from + 7 * DAY;
    const q = await inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu], from: new Date(from), to: new Date(to), stat }));
    expect(q.resolution).toBe("5m");
    expect(q.bucketSeconds % 300).toBe(0);
    expect(q.series[0].points.length).toBeGreaterThanOrEqual(300);
    expect(q.series[0].points.length).toBeLessThanOrEqual(1000);
    expectSeries(q.series[0].points, expected(from, to, q.bucketSeconds, stat));
  });

  it.each(["avg", "min", "max", "sum", "count"] as const)("uses hourly rollups for 30+ days, matching raw data (%s)", async (stat) => {
    const from = start;
    const to = today;
    const q = await inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu, net], from: new Date(from), to: new Date(to), stat }));
    expect(q).toMatchObject({ resolution: "1h", bucketSeconds: 3600 });
    expect(q.series.map((s) => s.seriesId)).toEqual([cpu, net]);
    expect(q.series[0].points).toHaveLength(DAYS * 24);
    expectSeries(q.series[0].points, expected(from, to, 3600, stat));
    expect(q.series[1].points).toHaveLength(1);
  });

  it("computes p95 from raw points, whatever the range", async () => {
    const from = today - 21 * DAY;
    const to = from + DAY;
    const q = await inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu], from: new Date(from), to: new Date(to), stat: "p95" }));
    expect(q.resolution).toBe("raw");
    expectSeries(q.series[0].points, expected(from, to, q.bucketSeconds, "p95"));
    const week = await inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu], from: new Date(from - 6 * DAY), to: new Date(to), stat: "p95" }));
    expect(week.resolution).toBe("raw");
    expectSeries(week.series[0].points, expected(from - 6 * DAY, to, week.bucketSeconds, "p95"));
  });

  it("respects maxPoints and a forced minimum step", async () => {
    const from = today - 3 * DAY + 7 * MIN;
    for (const maxPoints of [1, 7, 50, 299]) {
      const q = await inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu], from: new Date(from), to: new Date(from + DAY), stat: "max", maxPoints }));
      expect(q.series[0].points.length).toBeLessThanOrEqual(maxPoints);
      expect(q.series[0].points.length).toBeGreaterThan(0);
    }
    const stepped = await inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu], from: new Date(today - 3 * DAY), to: new Date(today - 3 * DAY + HOUR), stat: "sum", step: 300 }));
    expect(stepped).toMatchObject({ resolution: "5m", bucketSeconds: 300 });
    expectSeries(stepped.series[0].points, expected(today - 3 * DAY, today - 3 * DAY + HOUR, 300, "sum"));
  });

  it("returns empty series for ids it cannot see and refuses a reversed range", async () => {
    const q = await inTenant((tx) => queryMetrics(tx, { seriesIds: [987654], from: new Date(start), to: new Date(today), stat: "avg" }));
    expect(q.series).toEqual([{ seriesId: 987654, points: [] }]);
    await expect(inTenant((tx) => queryMetrics(tx, { seriesIds: [cpu], from: new Date(today), to: new Date(start), stat: "avg" }))).rejects.toThrow(/after/);
  });
});

describe("queryMetrics asOf", () => {
  it("returns values as they were known at a recorded time", async () => {
    const ts = new Date(today - 4 * DAY + 10 * MIN);
    const t1 = new Date(Date.now() - 3 * HOUR);
    const t2 = new Date(Date.now() - 2 * HOUR);
    await inTenant((tx) => writePoints(tx, tenant, [{ seriesId: revisedSeries, ts, value: 1 }], t1));
    await inTenant((tx) => writePoints(tx, tenant, [{ seriesId: revisedSeries, ts, value: 2 }], t2));
    const at = (asOf?: Date) =>
      inTenant((tx) => queryMetrics(tx, { seriesIds: [revisedSeries], from: new Date(ts.getTime() - HOUR), to: new Date(ts.getTime() + HOUR), stat: "max", asOf }));
    expect((await at(new Date(t1.getTime() + 1000))).series[0].points.map((p) => p.value)).toEqual([1]);
    expect((await at(t2)).series[0].points.map((p) => p.value)).toEqual([2]);
    expect((await at(new Date())).series[0].points.map((p) => p.value)).toEqual([2]);
    expect((await at(new Date(t1.getTime() - 1000))).series[0].points).toEqual([]);
    expect((await at()).series[0].points.map((p) => p.value)).toEqual([2]);
    // A long asOf range still reads raw versions (rollups hold current values only).
    const month = await inTenant((tx) =>
      queryMetrics(tx, { seriesIds: [revisedSeries], from: new Date(start), to: new Date(today), stat: "max", asOf: new Date(t1.getTime() + 1000) }),
    );
    expect(month.resolution).toBe("raw");
    expect(month.series[0].points.map((p) => p.value)).toEqual([1]);
  });
});
