import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, withTenant, type Tx } from "@/lib/db";
import { BucketCache, queryMetricBuckets, upsertSeries, writePoints, type MetricQuery, type MetricStat, type Point, type SeriesDef } from "@/lib/metrics";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

/*
 * The finished-bucket cache against the real store: cached answers equal uncached ones, writes
 * inside the lateness window are seen at once, a late write older than it shows once the entry's
 * TTL has passed, asOf never reads the cache, and one tenant's cache entries never answer another.
 */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DAYS = 9;
// The data runs up to the last whole minute, as live collection leaves it.
const last = Math.floor(Date.now() / MIN) * MIN - MIN;
const first = last - DAYS * DAY;

let t: TestDatabase;
let tenantA: string;
let tenantB: string;
let cpu: number;
let net: number;

const valueAt = (i: number, k: number) => Math.round((50 + 40 * Math.sin(i / (37 + k)) + ((i * 7919 + k) % 23) - 11) * 100) / 100;
const inTenant = <T>(tenant: string, fn: (tx: Tx) => Promise<T>) => withTenant(tenant, fn, { db: t.db });

function def(metric: string): SeriesDef {
  return { connectionId: crypto.randomUUID(), region: "us-east-1", resourceKind: "ec2_instance", resourceId: "i-c", namespace: "AWS/EC2", metric, dimensions: { InstanceId: "i-c" }, stat: "Average", unit: "Percent", periodSeconds: 60 };
}

type Q = Omit<MetricQuery, "seriesIds"> & { seriesIds?: number[] };
const tuples = (tenant: string, q: Q, cache?: BucketCache) =>
  inTenant(tenant, async (tx) => {
    const [r] = await queryMetricBuckets(tx, [{ seriesIds: [cpu, net], ...q }], cache ? { cache } : {});
    return { resolution: r.resolution, bucketSeconds: r.bucketSeconds, series: r.series.map((s) => ({ id: s.seriesId, points: s.buckets.toTuples() })) };
  });

function expectSame(actual: Awaited<ReturnType<typeof tuples>>, wanted: Awaited<ReturnType<typeof tuples>>) {
  expect({ ...actual, series: actual.series.map((s) => ({ id: s.id, ts: s.points.map((p) => p[0]) })) }).toEqual({
    ...wanted,
    series: wanted.series.map((s) => ({ id: s.id, ts: s.points.map((p) => p[0]) })),
  });
  actual.series.forEach((s, i) => s.points.forEach((p, k) => expect(p[1]).toBeCloseTo(wanted.series[i].points[k][1], 9)));
}

const bucketValue = (r: Awaited<ReturnType<typeof tuples>>, seriesIndex: number, ms: number) => r.series[seriesIndex].points.find((p) => p[0] === ms)?.[1];

beforeAll(async () => {
  t = await createTestDatabase();
  const [a, b] = await t.db.insert(schema.tenants).values([{ slug: "cache-a", name: "A" }, { slug: "cache-b", name: "B" }]).returning();
  tenantA = a.id;
  tenantB = b.id;
  [{ id: cpu }, { id: net }] = await inTenant(tenantA, (tx) => upsertSeries(tx, tenantA, [def("CPUUtilization"), def("NetworkIn")]));
  const points: Point[] = [];
  for (let i = 0; i <= DAYS * 1440; i++) {
    for (const [k, id] of [cpu, net].entries()) points.push({ seriesId: id, ts: new Date(first + i * MIN), value: valueAt(i, k) });
  }
  for (let i = 0; i < points.length; i += 10_000) await inTenant(tenantA, (tx) => writePoints(tx, tenantA, points.slice(i, i + 10_000)));
});
afterAll(() => t?.drop());

describe("finished-bucket cache", () => {
  const ranges: [string, Q][] = [
    ["9 days from the hourly rollups, unaligned", { from: new Date(first + 7 * MIN), to: new Date(last + MIN), stat: "avg" }],
    ["7 days from the 5-minute rollups", { from: new Date(last - 7 * DAY), to: new Date(last), stat: "max" }],
    ["2 days, 200 points", { from: new Date(last - 2 * DAY + 13 * MIN), to: new Date(last), stat: "sum", maxPoints: 200 }],
    ["a day of raw points", { from: new Date(last - DAY), to: new Date(last + MIN), stat: "min" }],
    ["a day of raw points, count", { from: new Date(last - DAY - 30_000), to: new Date(last), stat: "count" }],
    ["p95 over two days", { from: new Date(last - 2 * DAY), to: new Date(last), stat: "p95" }],
    ["a past week", { from: new Date(first), to: new Date(first + 7 * DAY), stat: "avg" }],
  ];

  it.each(ranges)("answers %s exactly as the store does, cold and warm", async (_label, q) => {
    const cache = new BucketCache();
    const wanted = await tuples(tenantA, q);
    expect(wanted.series[0].points.length).toBeGreaterThan(10);
    const cold = await tuples(tenantA, q, cache);
    expect(cache.size).toBeGreaterThan(0);
    const warm = await tuples(tenantA, q, cache);
    expect(cache.stats.hits).toBeGreaterThan(0);
    expectSame(cold, wanted);
    expectSame(warm, wanted);
  });

  it("serves a later range from the same entries, reading only what they lack", async () => {
    const cache = new BucketCache();
    const week = { from: new Date(last - 7 * DAY), to: new Date(last), stat: "avg" as MetricStat };
    await tuples(tenantA, week, cache);
    const bytes = cache.bytes;
    const wider = { ...week, from: new Date(last - 8 * DAY) };
    expectSame(await tuples(tenantA, wider, cache), await tuples(tenantA, wider));
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBeGreaterThan(bytes);
  });

  it("shows a write inside the lateness window at once", async () => {
    const cache = new BucketCache();
    const q = { from: new Date(last - 2 * DAY), to: new Date(last + MIN), stat: "max" as MetricStat };
    const before = await tuples(tenantA, q, cache);
    // 20 minutes before the last point: collection's overlap re-reads it, so it may change.
    const ts = last - 20 * MIN;
    const bucket = Math.floor(ts / (before.bucketSeconds * 1000)) * before.bucketSeconds * 1000;
    expect(bucketValue(before, 0, bucket)).toBeLessThan(1000);
    await inTenant(tenantA, (tx) => writePoints(tx, tenantA, [{ seriesId: cpu, ts: new Date(ts), value: 5000 }]));
    const after = await tuples(tenantA, q, cache);
    expect(bucketValue(after, 0, bucket)).toBe(5000);
    expectSame(after, await tuples(tenantA, q));
  });

  it("shows a late write older than the window after the entry's TTL, and asOf never reads the cache", async () => {
    let now = Date.now();
    const cache = new BucketCache({ ttlMs: 10 * MIN, now: () => now });
    const q = { from: new Date(last - 7 * DAY), to: new Date(last), stat: "max" as MetricStat };
    const before = await tuples(tenantA, q, cache);
    // A backfill job revises a point three days back, long after collection's overlap.
    const ts = Math.floor((last - 3 * DAY) / HOUR) * HOUR + 7 * MIN;
    const recorded = new Date();
    await new Promise((r) => setTimeout(r, 5));
    await inTenant(tenantA, (tx) => writePoints(tx, tenantA, [{ seriesId: net, ts: new Date(ts), value: 7777 }]));
    const bucket = Math.floor(ts / (before.bucketSeconds * 1000)) * before.bucketSeconds * 1000;
    const old = bucketValue(before, 1, bucket);
    expect(old).toBeLessThan(1000);
    // The documented bound (docs/decisions.md): within the TTL the cached bucket still answers.
    expect(bucketValue(await tuples(tenantA, q, cache), 1, bucket)).toBe(old);
    // As known now with asOf = now reads raw versions, never the cache; as known before the write, the old value.
    expect(bucketValue(await tuples(tenantA, { ...q, asOf: new Date() }, cache), 1, bucket)).toBe(7777);
    expect(bucketValue(await tuples(tenantA, { ...q, asOf: recorded }, cache), 1, bucket)).toBe(old);
    now += 10 * MIN + 1;
    const after = await tuples(tenantA, q, cache);
    expect(bucketValue(after, 1, bucket)).toBe(7777);
    expectSame(after, await tuples(tenantA, q));
  });

  it("neither reads nor fills the cache for asOf queries", async () => {
    const cache = new BucketCache();
    // A day of raw points: queries as known now and as known then share source, width and statistic.
    const q = { from: new Date(last - DAY), to: new Date(last), stat: "max" as MetricStat };
    const recorded = new Date();
    await new Promise((r) => setTimeout(r, 5));
    const ts = last - 6 * HOUR;
    await inTenant(tenantA, (tx) => writePoints(tx, tenantA, [{ seriesId: cpu, ts: new Date(ts), value: 8888 }]));
    const now = await tuples(tenantA, q, cache);
    const bucket = Math.floor(ts / (now.bucketSeconds * 1000)) * now.bucketSeconds * 1000;
    expect(bucketValue(now, 0, bucket)).toBe(8888);
    const then = await tuples(tenantA, { ...q, asOf: recorded }, cache);
    expect(bucketValue(then, 0, bucket)).toBeLessThan(1000);
    expect(bucketValue(await tuples(tenantA, q, cache), 0, bucket)).toBe(8888);
  });

  it("never answers one tenant from another tenant's entries", async () => {
    const cache = new BucketCache();
    const q = { from: new Date(last - 7 * DAY), to: new Date(last), stat: "avg" as MetricStat };
    const a = await tuples(tenantA, q, cache);
    expect(a.series[0].points.length).toBeGreaterThan(100);
    const b = await tuples(tenantB, q, cache);
    expect(b.series).toEqual([
      { id: cpu, points: [] },
      { id: net, points: [] },
    ]);
    // Even told the rows of A's series (a caller's mistake), B's transaction reads no points and
    // B's cache key differs, so A's cached buckets stay out of the answer.
    const forged = await inTenant(tenantB, async (tx) => {
      const [r] = await queryMetricBuckets(tx, [{ seriesIds: [cpu], ...q }], { cache, series: [{ id: cpu, tenantId: tenantB, periodSeconds: 60, lastPointAt: new Date(last) }] });
      return r.series[0].buckets.toTuples();
    });
    expect(forged).toEqual([]);
  });
});
