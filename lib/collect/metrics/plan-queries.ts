import type { SeriesRow } from "@/lib/metrics";

/** GetMetricData takes at most 500 queries per call (the API maximum). */
export const MAX_QUERIES_PER_CALL = 500;
/** A worker that was down longer than this resumes from here; older gaps stay gaps. */
export const MAX_CATCH_UP_SECONDS = 24 * 3600;

export type MetricBatch = { series: SeriesRow[]; start: Date; end: Date };
export type MetricPlan = { batches: MetricBatch[]; deferred: SeriesRow[] };

export type DeferOptions = {
  /** Seconds between runs of this (connection, region): only series that publish less often may wait a run. */
  intervalSeconds: number;
  /** Series the previous run deferred: they are never deferred twice in a row. */
  deferredLastRun: ReadonlySet<number>;
};

const floorTo = (ms: number, seconds: number) => Math.floor(ms / (seconds * 1000)) * seconds * 1000;

/** A per-run shuffle for ties, so the same series are not always the ones that wait. */
const tieKey = (id: number, run: number) => Math.imul((id ^ run) >>> 0, 0x9e3779b1) >>> 0;

/**
 * The series a run leaves for the next one, so that every call it makes is full.
 *
 * A GetMetricData call serves one region and holds at most 500 queries, so a region's last call
 * usually carries a remainder (12 007 series → 24 full calls and one of 7). That call costs an
 * API request and a share of the CloudWatch TPS budget for little. A run may instead leave the
 * remainder to the next run, when all of these hold:
 * - the region has more than one call's worth of series (a small account is never delayed);
 * - each series left behind publishes less often than the runs come (a 5-minute AWS/EC2 metric on
 *   the 1-minute schedule), has been fetched before, and was not left behind by the previous run.
 * Among those, the series with the most recent window wait (ties shuffled per run). A series
 * therefore waits at most one run, and a new datapoint of a 5-minute metric reaches Monitr at
 * most one interval later than it would have. The overlap re-read means nothing is lost.
 */
function pickDeferred(withStart: { s: SeriesRow; from: number }[], now: number, defer: DeferOptions | undefined): Set<number> {
  const remainder = withStart.length % MAX_QUERIES_PER_CALL;
  if (!defer || withStart.length <= MAX_QUERIES_PER_CALL || remainder === 0) return new Set();
  const run = Math.floor(now / (defer.intervalSeconds * 1000));
  const candidates = withStart.filter(({ s }) => s.lastPointAt !== null && s.periodSeconds > defer.intervalSeconds && !defer.deferredLastRun.has(s.id));
  if (candidates.length < remainder) return new Set();
  candidates.sort((a, b) => b.from - a.from || tieKey(a.s.id, run) - tieKey(b.s.id, run) || a.s.id - b.s.id);
  return new Set(candidates.slice(0, remainder).map(({ s }) => s.id));
}

/**
 * Packs series into GetMetricData calls of up to 500 queries. Each series asks from its last
 * stored point minus an overlap (late datapoints; writePoints makes the re-read idempotent), or
 * from the backfill horizon on its first run. Sorting by start keeps series with similar
 * windows in the same call; a call's window starts at its earliest series, aligned to the
 * largest period, and ends at the last whole minute. With `defer`, a region's partial last call
 * may wait for the next run (pickDeferred).
 */
export function planBatches(series: SeriesRow[], opts: { now: Date; overlapSeconds: number; backfillHours: number; defer?: DeferOptions }): MetricPlan {
  const now = opts.now.getTime();
  const horizon = now - opts.backfillHours * 3600_000;
  const floor = now - MAX_CATCH_UP_SECONDS * 1000;
  const end = floorTo(now, 60);
  const all = series.map((s) => {
    const from = s.lastPointAt ? Math.max(floor, s.lastPointAt.getTime() - opts.overlapSeconds * 1000) : horizon;
    return { s, from };
  });
  const deferredIds = pickDeferred(all, now, opts.defer);
  const withStart = deferredIds.size ? all.filter(({ s }) => !deferredIds.has(s.id)) : all;
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
  return { batches, deferred: series.filter((s) => deferredIds.has(s.id)) };
}
