import { describe, expect, it } from "vitest";
import { bucketCount, pickResolution } from "@/lib/metrics/pick-resolution";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const from = Date.UTC(2025, 0, 1);
const plan = (rangeMs: number, extra: Partial<Parameters<typeof pickResolution>[0]> = {}) =>
  pickResolution({ fromMs: from, toMs: from + rangeMs, rawSeconds: 60, rawOnly: false, maxPoints: 1000, ...extra });

describe("pickResolution", () => {
  it("picks the coarsest source that still gives about 300 points", () => {
    expect(plan(HOUR)).toEqual({ resolution: "raw", bucketSeconds: 60 });
    expect(plan(DAY)).toEqual({ resolution: "raw", bucketSeconds: 120 });
    expect(plan(2 * DAY)).toEqual({ resolution: "5m", bucketSeconds: 300 });
    expect(plan(7 * DAY)).toEqual({ resolution: "5m", bucketSeconds: 900 });
    expect(plan(30 * DAY)).toEqual({ resolution: "1h", bucketSeconds: 3600 });
    expect(plan(365 * DAY)).toEqual({ resolution: "1h", bucketSeconds: 43200 });
  });

  it("never returns more buckets than maxPoints, even for an unaligned range", () => {
    for (const maxPoints of [1, 2, 7, 60, 299, 1000]) {
      for (const range of [HOUR, DAY, 7 * DAY, 90 * DAY]) {
        const start = from + 7 * 60_000 + 13_000;
        const p = pickResolution({ fromMs: start, toMs: start + range, rawSeconds: 60, rawOnly: false, maxPoints });
        expect(bucketCount(start, start + range, p.bucketSeconds)).toBeLessThanOrEqual(maxPoints);
      }
    }
  });

  it("keeps p95 and asOf on raw points and widens the bucket instead", () => {
    expect(plan(30 * DAY, { rawOnly: true })).toEqual({ resolution: "raw", bucketSeconds: 3600 });
  });

  it("honours a minimum step and the series' own period", () => {
    expect(plan(HOUR, { step: 300 })).toEqual({ resolution: "5m", bucketSeconds: 300 });
    expect(plan(HOUR, { step: 3600 })).toEqual({ resolution: "1h", bucketSeconds: 3600 });
    expect(plan(DAY, { rawSeconds: 300 })).toEqual({ resolution: "raw", bucketSeconds: 300 });
  });
});
