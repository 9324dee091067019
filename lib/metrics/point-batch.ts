import { ValidationError } from "@/lib/http/errors";
import { assertAcceptedDay, utcDay } from "./partitions";
import type { Point } from "./types";

/**
 * A write batch as parallel arrays (what `unnest(…)` takes), deduplicated on (series, ts) with
 * the last occurrence winning, and sorted by (series, ts). The order matters: two writers of
 * overlapping batches lock series rows in the same order and so cannot deadlock each other.
 */
export type PointColumns = {
  seriesIds: number[];
  /** Epoch milliseconds. */
  ms: number[];
  values: number[];
};

export type PointBatch = PointColumns & {
  /** Distinct series ids, ascending, with the latest timestamp written for each. */
  series: { ids: number[]; maxMs: number[] };
  /** Distinct UTC day numbers touched. */
  days: number[];
};

export function preparePointBatch(points: Point[], now = Date.now()): PointBatch {
  const n = points.length;
  const ms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i];
    if (!Number.isSafeInteger(p.seriesId) || p.seriesId <= 0) throw new ValidationError(`points[${i}]: seriesId must be a positive integer.`);
    const t = p.ts instanceof Date ? p.ts.getTime() : Number.NaN;
    if (!Number.isFinite(t)) throw new ValidationError(`points[${i}]: ts must be a valid Date.`);
    if (typeof p.value !== "number" || !Number.isFinite(p.value)) throw new ValidationError(`points[${i}]: value must be a finite number.`);
    ms[i] = t;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  // Collectors usually send points grouped by series in time order; sort only when not.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const d = points[i - 1].seriesId - points[i].seriesId || ms[i - 1] - ms[i];
    if (d > 0) sorted = false;
  }
  // Ties keep input order, so the last of equal (series, ts) is the one kept below.
  if (!sorted) order.sort((a, b) => points[a].seriesId - points[b].seriesId || ms[a] - ms[b] || a - b);

  const batch: PointBatch = { seriesIds: [], ms: [], values: [], series: { ids: [], maxMs: [] }, days: [] };
  const days = new Set<number>();
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const next = order[k + 1];
    if (next !== undefined && points[next].seriesId === points[i].seriesId && ms[next] === ms[i]) continue;
    const sid = points[i].seriesId;
    const t = ms[i];
    batch.seriesIds.push(sid);
    batch.ms.push(t);
    batch.values.push(points[i].value);
    const last = batch.series.ids.length - 1;
    if (last >= 0 && batch.series.ids[last] === sid) batch.series.maxMs[last] = t;
    else {
      batch.series.ids.push(sid);
      batch.series.maxMs.push(t);
    }
    days.add(utcDay(t));
  }
  for (const day of days) assertAcceptedDay(day * 86_400_000, now);
  batch.days = [...days].sort((a, b) => a - b);
  return batch;
}

/** Distinct (series, bucket start) pairs of a sorted batch, bucket aligned to the epoch. */
export function touchedBuckets(batch: { seriesIds: number[]; ms: number[] }, bucketMs: number): { seriesIds: number[]; ms: number[] } {
  const out = { seriesIds: [] as number[], ms: [] as number[] };
  for (let i = 0; i < batch.seriesIds.length; i++) {
    const sid = batch.seriesIds[i];
    const bucket = Math.floor(batch.ms[i] / bucketMs) * bucketMs;
    const last = out.seriesIds.length - 1;
    // Sorted by (series, ts), so equal pairs are adjacent.
    if (last >= 0 && out.seriesIds[last] === sid && out.ms[last] === bucket) continue;
    out.seriesIds.push(sid);
    out.ms.push(bucket);
  }
  return out;
}

/**
 * Splits a batch into points newer than their series' last_point_at before this write ("fresh":
 * no version of them can exist, because every write advances last_point_at in the same
 * transaction and the series lock keeps other writers out) and the rest, which may exist.
 */
export function splitByFreshness(batch: PointColumns, previous: Map<number, number | null>): { fresh: PointColumns; stale: PointColumns } {
  const fresh: PointColumns = { seriesIds: [], ms: [], values: [] };
  const stale: PointColumns = { seriesIds: [], ms: [], values: [] };
  for (let i = 0; i < batch.seriesIds.length; i++) {
    const before = previous.get(batch.seriesIds[i]);
    const target = before === null || before === undefined || batch.ms[i] > before ? fresh : stale;
    target.seriesIds.push(batch.seriesIds[i]);
    target.ms.push(batch.ms[i]);
    target.values.push(batch.values[i]);
  }
  return { fresh, stale };
}
