import { describe, expect, it } from "vitest";
import { BucketCache, type BucketRun } from "@/lib/metrics/bucket-cache";
import { BucketSeries } from "@/lib/metrics/bucket-series";
import { assemble, planReads } from "@/lib/metrics/plan-reads";
import { pruneIntervals } from "@/lib/metrics/read-buckets";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const day0 = Date.UTC(2026, 0, 1);

function run(start: number, bucketMs: number, values: (number | null)[]): BucketRun {
  return {
    start,
    bucketMs,
    values: Float64Array.from(values.map((v) => v ?? 0)),
    present: Uint8Array.from(values.map((v) => (v === null ? 0 : 1))),
  };
}
const withEnd = (r: BucketRun) => ({ ...r, end: r.start + r.values.length * r.bucketMs });

describe("planReads", () => {
  const from = day0 + 2 * MIN; // a 30-day chart starts at an odd minute
  const to = from + 30 * DAY;
  const base = { fromMs: from, toMs: to, bucketMs: HOUR, sourceMs: HOUR };

  it("reads the whole range when nothing is final (no cache, asOf, no data yet)", () => {
    expect(planReads({ ...base, finishedBefore: null })).toEqual({ ranges: [[from, to]], keep: null, cached: null });
  });

  it("keeps only whole buckets that ended before the finished mark", () => {
    const finishedBefore = to - 90 * MIN;
    const plan = planReads({ ...base, finishedBefore });
    expect(plan.ranges).toEqual([[from, to]]);
    // The first whole hour starts after `from`; the last kept one ends on the hour before the mark.
    expect(plan.keep).toEqual({ from: day0 + HOUR, to: Math.floor(finishedBefore / HOUR) * HOUR });
    expect(plan.cached).toBeNull();
  });

  it("reads only the tail once the cache holds the finished part; an hourly source has no row in the partial first hour", () => {
    const finishedBefore = to - 90 * MIN;
    const first = planReads({ ...base, finishedBefore });
    const cachedRun = withEnd(run(first.keep!.from, HOUR, new Array((first.keep!.to - first.keep!.from) / HOUR).fill(1)));
    const plan = planReads({ ...base, finishedBefore, run: cachedRun });
    expect(plan.cached).toEqual(first.keep);
    expect(plan.ranges).toEqual([[first.keep!.to, to]]);
    // Raw points may sit anywhere, so the partial first bucket is read.
    expect(planReads({ ...base, sourceMs: null, finishedBefore, run: cachedRun }).ranges).toEqual([
      [from, first.keep!.from],
      [first.keep!.to, to],
    ]);
  });

  it("reads around a cached run that covers only part of the finished range", () => {
    const finishedBefore = to - 2 * HOUR;
    const keep = planReads({ ...base, finishedBefore }).keep!;
    const middle = withEnd(run(keep.from + 10 * DAY, HOUR, new Array(24).fill(5)));
    const plan = planReads({ ...base, finishedBefore, run: middle });
    expect(plan.cached).toEqual({ from: middle.start, to: middle.end });
    expect(plan.ranges).toEqual([
      [from, middle.start],
      [middle.end, to],
    ]);
    // A run of another width is ignored.
    expect(planReads({ ...base, finishedBefore, run: { ...middle, bucketMs: 2 * HOUR } }).cached).toBeNull();
  });

  it("keeps nothing when the range has no whole finished bucket", () => {
    expect(planReads({ fromMs: day0, toMs: day0 + HOUR, bucketMs: MIN, sourceMs: null, finishedBefore: day0 }).keep).toBeNull();
  });
});

describe("assemble", () => {
  const keep = { from: day0 + HOUR, to: day0 + 5 * HOUR };

  it("puts rows before, cached and read buckets, rows after in time order, and returns the completed run", () => {
    const cached = run(day0 + HOUR, HOUR, [10, null]);
    const plan = { ranges: [], keep, cached: { from: day0 + HOUR, to: day0 + 3 * HOUR } };
    const rows = [
      { ms: day0, value: 1 },
      { ms: day0 + 3 * HOUR, value: 30 },
      { ms: day0 + 4 * HOUR, value: 40 },
      { ms: day0 + 5 * HOUR, value: 50 },
    ];
    const { buckets, fresh } = assemble(plan, rows, HOUR, cached);
    expect(buckets.toTuples()).toEqual([
      [day0, 1],
      [day0 + HOUR, 10],
      [day0 + 3 * HOUR, 30],
      [day0 + 4 * HOUR, 40],
      [day0 + 5 * HOUR, 50],
    ]);
    expect(fresh).not.toBeNull();
    expect(Array.from(fresh!.present)).toEqual([1, 0, 1, 1]);
    expect(Array.from(fresh!.values)).toEqual([10, 0, 30, 40]);
  });

  it("answers from the cached run alone when it covers the kept range", () => {
    const cached = run(day0, HOUR, [1, 2, 3, 4, 5, 6]);
    const { buckets, fresh } = assemble({ ranges: [], keep, cached: keep }, [{ ms: day0 + 5 * HOUR, value: 99 }], HOUR, cached);
    expect(fresh).toBeNull();
    expect(buckets.toTuples()).toEqual([
      [day0 + HOUR, 2],
      [day0 + 2 * HOUR, 3],
      [day0 + 3 * HOUR, 4],
      [day0 + 4 * HOUR, 5],
      [day0 + 5 * HOUR, 99],
    ]);
  });
});

describe("BucketSeries", () => {
  it("writes the JSON that JSON.stringify writes for its tuples, NaN as null, from any mix of segments", () => {
    const cached = run(day0, HOUR, [0.1 + 0.2, null, -3, 1e21, Number.NaN]);
    const series = new BucketSeries([[{ ms: day0 - HOUR, value: 7 }], { run: cached, from: 0, to: 5 }, [], [{ ms: day0 + 5 * HOUR, value: 1 / 3 }]]);
    expect(series.json()).toBe(JSON.stringify(series.toTuples()));
    expect(JSON.parse(series.json())).toEqual([
      [day0 - HOUR, 7],
      [day0, 0.30000000000000004],
      [day0 + 2 * HOUR, -3],
      [day0 + 3 * HOUR, 1e21],
      [day0 + 4 * HOUR, null],
      [day0 + 5 * HOUR, 1 / 3],
    ]);
    // A slice that ends on an absent bucket, and an empty series.
    expect(new BucketSeries([{ run: cached, from: 1, to: 2 }]).json()).toBe("[]");
    expect(new BucketSeries([{ run: cached, from: 0, to: 2 }]).json()).toBe(JSON.stringify([[day0, 0.30000000000000004]]));
    expect(BucketSeries.of([]).json()).toBe("[]");
    expect(new BucketSeries([{ run: cached, from: 0, to: 4 }]).peak()).toBe(1e21);
  });
});

describe("BucketCache", () => {
  const key = (tenantId: string, seriesId = 1) => BucketCache.key({ tenantId, seriesId, source: "1h", bucketMs: HOUR, stat: "avg" });

  it("keys entries by tenant: another tenant's key never finds them", () => {
    const cache = new BucketCache();
    cache.put(key("tenant-a"), run(day0, HOUR, [1, 2]), Date.now());
    expect(cache.get(key("tenant-a"))).toBeDefined();
    expect(cache.get(key("tenant-b"))).toBeUndefined();
    expect(key("tenant-a")).not.toBe(key("tenant-b"));
  });

  it("forgets an entry after its TTL, counted from the older part of a merged run", () => {
    let now = day0;
    const cache = new BucketCache({ ttlMs: 10 * MIN, now: () => now });
    cache.put(key("t"), run(day0, HOUR, [1, 2]), now);
    now += 6 * MIN;
    cache.put(key("t"), run(day0 + 2 * HOUR, HOUR, [3]), now);
    const merged = cache.get(key("t"))!;
    expect(Array.from(merged.values)).toEqual([1, 2, 3]);
    now += 5 * MIN;
    expect(cache.get(key("t"))).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.bytes).toBe(0);
  });

  it("merges overlapping runs with the new values winning, and replaces a disjoint one", () => {
    const cache = new BucketCache();
    cache.put(key("t"), run(day0, HOUR, [1, 2, 3]), Date.now());
    cache.put(key("t"), run(day0 + HOUR, HOUR, [20, null, 40]), Date.now());
    const merged = cache.get(key("t"))!;
    expect(merged.start).toBe(day0);
    expect(Array.from(merged.values)).toEqual([1, 20, 0, 40]);
    expect(Array.from(merged.present)).toEqual([1, 1, 0, 1]);
    cache.put(key("t"), run(day0 + 10 * HOUR, HOUR, [7]), Date.now());
    expect(cache.get(key("t"))!.start).toBe(day0 + 10 * HOUR);
  });

  it("stays under its byte bound by evicting the least recently used entries", () => {
    const cache = new BucketCache({ maxBytes: 3 * (100 * 48 + 200) });
    for (const id of [1, 2, 3]) cache.put(key("t", id), run(day0, HOUR, new Array(100).fill(id)), Date.now());
    expect(cache.get(key("t", 1))).toBeDefined(); // 1 is now the most recently used
    cache.put(key("t", 4), run(day0, HOUR, new Array(100).fill(4)), Date.now());
    expect(cache.size).toBe(3);
    expect(cache.bytes).toBeLessThanOrEqual(cache.maxBytes);
    expect(cache.get(key("t", 2))).toBeUndefined();
    expect(cache.get(key("t", 1))).toBeDefined();
    expect(cache.stats.evictions).toBe(1);
    // A cache of zero bytes keeps nothing.
    const none = new BucketCache({ maxBytes: 0 });
    none.put(key("t"), run(day0, HOUR, [1]), Date.now());
    expect(none.get(key("t"))).toBeUndefined();
  });
});

describe("pruneIntervals", () => {
  it("merges overlapping ranges and joins the closest when there are too many", () => {
    expect(pruneIntervals([{ lo: 5, hi: 10 }, { lo: 0, hi: 6 }, { lo: 20, hi: 30 }])).toEqual([
      [0, 10],
      [20, 30],
    ]);
    const many = [0, 100, 110, 300, 1000, 1010].map((lo) => ({ lo, hi: lo + 5 }));
    expect(pruneIntervals(many, 3)).toEqual([
      [0, 115],
      [300, 305],
      [1000, 1015],
    ]);
  });
});
