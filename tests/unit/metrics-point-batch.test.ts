import { describe, expect, it } from "vitest";
import { dimensionsKey } from "@/lib/metrics/dimensions-key";
import { preparePointBatch, splitByFreshness } from "@/lib/metrics/point-batch";
import { planBuckets } from "@/lib/metrics/refresh-rollups";

const T = Date.UTC(2025, 0, 1, 10, 0);
const MIN = 60_000;
const now = T + 60 * MIN;

describe("dimensionsKey", () => {
  it("is independent of key order and cannot be confused by separators in values", () => {
    expect(dimensionsKey({ B: "2", A: "1" })).toBe(dimensionsKey({ A: "1", B: "2" }));
    expect(dimensionsKey({ A: "1&B=2" })).not.toBe(dimensionsKey({ A: "1", B: "2" }));
    expect(dimensionsKey({})).toBe("");
  });
});

describe("preparePointBatch", () => {
  it("sorts by (series, ts), keeps the last of repeated points and lists series and days", () => {
    const b = preparePointBatch(
      [
        { seriesId: 2, ts: new Date(T + MIN), value: 1 },
        { seriesId: 1, ts: new Date(T), value: 1 },
        { seriesId: 2, ts: new Date(T), value: 2 },
        { seriesId: 1, ts: new Date(T), value: 3 },
      ],
      now,
    );
    expect(b.seriesIds).toEqual([1, 2, 2]);
    expect(b.ms).toEqual([T, T, T + MIN]);
    expect(b.values).toEqual([3, 2, 1]);
    expect(b.series).toEqual({ ids: [1, 2], maxMs: [T, T + MIN] });
    expect(b.days).toEqual([Math.floor(T / 86_400_000)]);
  });

  it("rejects bad input before touching the database", () => {
    expect(() => preparePointBatch([{ seriesId: 1.5, ts: new Date(T), value: 1 }], now)).toThrow(/seriesId/);
    expect(() => preparePointBatch([{ seriesId: 1, ts: new Date(Number.NaN), value: 1 }], now)).toThrow(/ts/);
    expect(() => preparePointBatch([{ seriesId: 1, ts: new Date(T), value: Number.POSITIVE_INFINITY }], now)).toThrow(/finite/);
    expect(() => preparePointBatch([{ seriesId: 1, ts: new Date(now + 400 * 86_400_000), value: 1 }], now)).toThrow(/outside/);
  });
});

describe("freshness split and rollup plan", () => {
  const batch = preparePointBatch(
    [0, 1, 2, 3, 4, 5, 6].map((m) => ({ seriesId: 1, ts: new Date(T + m * MIN), value: m })).concat([{ seriesId: 2, ts: new Date(T), value: 9 }]),
    now,
  );

  it("treats points after the series' last point as fresh", () => {
    const { fresh, stale } = splitByFreshness(batch, new Map([[1, T + 2 * MIN], [2, null]]));
    expect(stale.ms).toEqual([T, T + MIN, T + 2 * MIN]);
    expect(fresh.seriesIds).toEqual([1, 1, 1, 1, 2]);
  });

  it("inserts new buckets, merges continuing ones and recomputes those with old points", () => {
    const plan = planBuckets(batch, 300_000, new Map([[1, T + 2 * MIN], [2, null]]));
    // Series 1: bucket 10:00 holds 10:00–10:02 (stale) → recompute; bucket 10:05 (10:05, 10:06) is new.
    expect(plan.recompute).toEqual({ seriesIds: [1], ms: [T] });
    expect(plan.fresh).toEqual({ seriesIds: [1, 2], ms: [T + 5 * MIN, T], min: [5, 9], max: [6, 9], sum: [11, 9], count: [2, 1] });
    expect(plan.continuing.seriesIds).toEqual([]);
    expect(planBuckets(batch, 300_000, null).recompute.seriesIds).toEqual([1, 1, 2]);
  });

  it("merges into a bucket that holds older points when the batch only appends to it", () => {
    const later = preparePointBatch([3, 4, 6].map((m) => ({ seriesId: 1, ts: new Date(T + m * MIN), value: m })), now);
    const plan = planBuckets(later, 300_000, new Map([[1, T + 2 * MIN]]));
    expect(plan.continuing).toEqual({ seriesIds: [1], ms: [T], min: [3], max: [4], sum: [7], count: [2] });
    expect(plan.fresh).toEqual({ seriesIds: [1], ms: [T + 5 * MIN], min: [6], max: [6], sum: [6], count: [1] });
    expect(plan.recompute.seriesIds).toEqual([]);
  });
});
