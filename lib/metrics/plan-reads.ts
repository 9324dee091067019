import type { BucketRun } from "./bucket-cache";
import { BucketSeries, type BucketValue } from "./bucket-series";

/*
 * How one series of one chart query is read when finished buckets may be cached: which source
 * time ranges go to Postgres, which buckets are finished (and may be kept), and which of those
 * the cached run already holds. Pure, so the edge cases are unit-tested.
 *
 * A chart bucket [b, b + width) aggregates the source rows (raw points or rollup buckets) whose
 * start lies in it and in [from, to). Only buckets wholly inside [from, to) are the same for
 * every query, so only they are kept; the partial first and last buckets are always read.
 */

export type Span = { from: number; to: number };

export type ReadPlan = {
  /** Source time ranges to read, [lo, hi) in epoch ms, ascending and disjoint. */
  ranges: [number, number][];
  /** Whole, finished buckets of this query: the run a cache may keep. */
  keep: Span | null;
  /** The part of `keep` the cached run supplies (not read from Postgres). */
  cached: Span | null;
};

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;
const ceilTo = (ms: number, step: number) => Math.ceil(ms / step) * step;

/** Whether [lo, hi) can hold a source row: rollup rows start at multiples of their width; raw points anywhere. */
function mayHoldRows(lo: number, hi: number, sourceMs: number | null): boolean {
  return lo < hi && (sourceMs === null || ceilTo(lo, sourceMs) < hi);
}

export function planReads(args: {
  fromMs: number;
  toMs: number;
  bucketMs: number;
  /** Width of the source rows (300 000 or 3 600 000 for rollups), null for raw points. */
  sourceMs: number | null;
  /** Buckets ending at or before this are final; null: nothing is (no cache, asOf, no data yet). */
  finishedBefore: number | null;
  run?: Pick<BucketRun, "start" | "bucketMs"> & { end: number };
}): ReadPlan {
  const { fromMs, toMs, bucketMs } = args;
  const whole: ReadPlan = { ranges: [[fromMs, toMs]], keep: null, cached: null };
  if (args.finishedBefore === null) return whole;
  const first = ceilTo(fromMs, bucketMs);
  const end = Math.min(floorTo(toMs, bucketMs), floorTo(args.finishedBefore, bucketMs));
  if (first >= end) return whole;
  const keep = { from: first, to: end };
  const run = args.run && args.run.bucketMs === bucketMs ? args.run : undefined;
  const u0 = run ? Math.max(first, run.start) : first;
  const u1 = run ? Math.min(end, run.end) : first;
  if (u0 >= u1) return { ranges: [[fromMs, toMs]], keep, cached: null };
  const ranges: [number, number][] = [];
  if (mayHoldRows(fromMs, u0, args.sourceMs)) ranges.push([fromMs, u0]);
  if (mayHoldRows(u1, toMs, args.sourceMs)) ranges.push([u1, toMs]);
  return { ranges, keep, cached: { from: u0, to: u1 } };
}

/**
 * The query's buckets in time order: rows read before `keep`, the kept buckets (from the cached
 * run, or the run just completed from it and the rows read), rows read after it. `fresh` is the
 * completed run when Postgres supplied part of it: the one to cache.
 */
export function assemble(plan: ReadPlan, rows: BucketValue[], bucketMs: number, run?: BucketRun): { buckets: BucketSeries; fresh: BucketRun | null } {
  const keep = plan.keep;
  if (!keep) return { buckets: BucketSeries.of(rows), fresh: null };
  const before: BucketValue[] = [];
  const after: BucketValue[] = [];
  const n = (keep.to - keep.from) / bucketMs;
  if (run && plan.cached && plan.cached.from === keep.from && plan.cached.to === keep.to) {
    for (const row of rows) (row.ms < keep.from ? before : after).push(row);
    const offset = (keep.from - run.start) / bucketMs;
    return { buckets: new BucketSeries([before, { run, from: offset, to: offset + n }, after]), fresh: null };
  }
  const kept: BucketRun = { start: keep.from, bucketMs, values: new Float64Array(n), present: new Uint8Array(n) };
  if (plan.cached && run) {
    const src = (plan.cached.from - run.start) / bucketMs;
    const dst = (plan.cached.from - keep.from) / bucketMs;
    const len = (plan.cached.to - plan.cached.from) / bucketMs;
    kept.values.set(run.values.subarray(src, src + len), dst);
    kept.present.set(run.present.subarray(src, src + len), dst);
  }
  for (const row of rows) {
    if (row.ms < keep.from) before.push(row);
    else if (row.ms >= keep.to) after.push(row);
    else {
      const i = (row.ms - keep.from) / bucketMs;
      kept.values[i] = row.value;
      kept.present[i] = 1;
    }
  }
  return { buckets: new BucketSeries([before, { run: kept, from: 0, to: n }, after]), fresh: kept };
}
