import { describe, expect, it } from "vitest";
import { MAX_QUERIES_PER_CALL, planBatches, type DeferOptions } from "@/lib/collect/metrics/plan-queries";
import type { SeriesRow } from "@/lib/metrics";

const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 22, 12, 0, 30);
const LAST_BUCKET = new Date(Date.UTC(2026, 10, 22, 11, 50));

function series(count: number, opts: { periodSeconds?: number; lastPointAt?: Date | null; firstId?: number } = {}): SeriesRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: (opts.firstId ?? 1) + i,
    tenantId: "t",
    connectionId: "c",
    region: "us-east-1",
    resourceKind: "ec2_instance",
    resourceId: `i-${i}`,
    namespace: "AWS/EC2",
    metric: "CPUUtilization",
    dimensions: { InstanceId: `i-${i}` },
    stat: "Average",
    unit: "Percent",
    periodSeconds: opts.periodSeconds ?? 300,
    lastPointAt: opts.lastPointAt === undefined ? LAST_BUCKET : opts.lastPointAt,
  }));
}

const plan = (rows: SeriesRow[], now: number, defer?: DeferOptions) =>
  planBatches(rows, { now: new Date(now), overlapSeconds: 600, backfillHours: 3, ...(defer ? { defer } : {}) });
const sizes = (p: ReturnType<typeof plan>) => p.batches.map((b) => b.series.length);

describe("planBatches", () => {
  it("packs 500 queries per call and leaves the remainder in a last call without defer options", () => {
    const p = plan(series(1372 * 8), NOW);
    expect(sizes(p)).toEqual([...Array<number>(21).fill(500), 476]);
    expect(p.deferred).toEqual([]);
    expect(new Set(p.batches.flatMap((b) => b.series.map((s) => s.id))).size).toBe(1372 * 8);
  });

  it("asks each call from its earliest series minus the overlap, aligned to the period, up to the last whole minute", () => {
    const p = plan([...series(2, { lastPointAt: null }), ...series(2, { firstId: 10 })], NOW);
    expect(p.batches).toHaveLength(1);
    expect(p.batches[0]?.start.toISOString()).toBe("2026-11-22T09:00:00.000Z");
    expect(p.batches[0]?.end.toISOString()).toBe("2026-11-22T12:00:00.000Z");
  });

  it("with defer options, leaves the partial last call for the next run so every call is full", () => {
    const p = plan(series(1372 * 8), NOW, { intervalSeconds: 60, deferredLastRun: new Set() });
    expect(sizes(p)).toEqual(Array<number>(21).fill(500));
    expect(p.deferred).toHaveLength(476);
    const fetched = new Set(p.batches.flatMap((b) => b.series.map((s) => s.id)));
    expect(p.deferred.some((s) => fetched.has(s.id))).toBe(false);
  });

  it("never defers a series two runs in a row, and over many runs every call is full and no series waits twice", () => {
    const rows = series(626 * 8);
    let last = new Set<number>();
    let queries = 0;
    let calls = 0;
    const waits = new Map<number, number>();
    for (let run = 0; run < 30; run++) {
      const p = plan(rows, NOW + run * MIN, { intervalSeconds: 60, deferredLastRun: last });
      const deferred = new Set(p.deferred.map((s) => s.id));
      for (const id of deferred) {
        expect(last.has(id)).toBe(false);
        waits.set(id, (waits.get(id) ?? 0) + 1);
      }
      for (const b of p.batches) expect(b.series.every((s) => !deferred.has(s.id))).toBe(true);
      queries += p.batches.reduce((n, b) => n + b.series.length, 0);
      calls += p.batches.length;
      last = deferred;
    }
    expect(queries / calls).toBeGreaterThanOrEqual(490);
    // The ties are shuffled per run: the waiting is spread over many series, not two fixed sets.
    expect(waits.size).toBeGreaterThan(8 * 30 * 0.8);
  });

  it("does not defer in a region with one call's worth of series or less", () => {
    const p = plan(series(480), NOW, { intervalSeconds: 60, deferredLastRun: new Set() });
    expect(sizes(p)).toEqual([480]);
    expect(p.deferred).toEqual([]);
  });

  it("does not defer series that publish as often as the runs come, nor series never fetched", () => {
    const oneMinute = plan(series(700, { periodSeconds: 60 }), NOW, { intervalSeconds: 60, deferredLastRun: new Set() });
    expect(sizes(oneMinute)).toEqual([500, 200]);
    const fiveMinuteSchedule = plan(series(700), NOW, { intervalSeconds: 300, deferredLastRun: new Set() });
    expect(fiveMinuteSchedule.deferred).toEqual([]);
    const fresh = plan(series(700, { lastPointAt: null }), NOW, { intervalSeconds: 60, deferredLastRun: new Set() });
    expect(fresh.deferred).toEqual([]);
  });

  it("defers only the most recent series: one that is behind is fetched now", () => {
    const behind = series(100, { lastPointAt: new Date(LAST_BUCKET.getTime() - 60 * MIN), firstId: 1 });
    const current = series(500, { firstId: 1000 });
    const p = plan([...behind, ...current], NOW, { intervalSeconds: 60, deferredLastRun: new Set() });
    expect(p.deferred).toHaveLength(100);
    expect(p.deferred.every((s) => s.id >= 1000)).toBe(true);
    expect(sizes(p)).toEqual([MAX_QUERIES_PER_CALL]);
  });

  it("fetches everything when too few series may wait to fill the remainder", () => {
    const rows = [...series(500, { periodSeconds: 60 }), ...series(200, { firstId: 1000 })];
    const p = plan(rows, NOW, { intervalSeconds: 60, deferredLastRun: new Set(rows.slice(500, 650).map((s) => s.id)) });
    expect(p.deferred).toEqual([]);
    expect(sizes(p)).toEqual([500, 200]);
  });
});
