import type { SeriesRow } from "@/lib/metrics";

/** GetMetricData takes at most 500 queries per call (the API maximum). */
export const MAX_QUERIES_PER_CALL = 500;
/** A worker that was down longer than this resumes from here; older gaps stay gaps. */
export const MAX_CATCH_UP_SECONDS = 24 * 3600;

export type MetricBatch = { series: SeriesRow[]; start: Date; end: Date };

const floorTo = (ms: number, seconds: number) => Math.floor(ms / (seconds * 1000)) * seconds * 1000;

/**
 * Packs series into GetMetricData calls of up to 500 queries. Each series asks from its last
 * stored point minus an overlap (late datapoints; writePoints makes the re-read idempotent), or
 * from the backfill horizon on its first run. Sorting by start keeps series with similar
 * windows in the same call; a call's window starts at its earliest series, aligned to the
 * largest period, and ends at the last whole minute.
 */
export function planBatches(series: SeriesRow[], opts: { now: Date; overlapSeconds: number; backfillHours: number }): MetricBatch[] {
  const now = opts.now.getTime();
  const horizon = now - opts.backfillHours * 3600_000;
  const floor = now - MAX_CATCH_UP_SECONDS * 1000;
  const end = floorTo(now, 60);
  const withStart = series.map((s) => {
    const from = s.lastPointAt ? Math.max(floor, s.lastPointAt.getTime() - opts.overlapSeconds * 1000) : horizon;
    return { s, from };
  });
  withStart.sort((a, b) => a.from - b.from || a.s.id - b.s.id);
  const batches: MetricBatch[] = [];
  for (let i = 0; i < withStart.length; i += MAX_QUERIES_PER_CALL) {
    const chunk = withStart.slice(i, i + MAX_QUERIES_PER_CALL);
    const first = chunk[0];
    if (!first) continue;
    const start = floorTo(first.from, Math.max(...chunk.map((c) => c.s.periodSeconds)));
    if (start >= end) continue;
    batches.push({ series: chunk.map((c) => c.s), start: new Date(start), end: new Date(end) });
  }
  return batches;
}
