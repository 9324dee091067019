import type { MetricSeries } from "./metric-series";

export type Statistic =
  | { kind: "Average" | "Sum" | "Minimum" | "Maximum" | "SampleCount" }
  | { kind: "percentile"; p: number };

const SIMPLE = new Set(["Average", "Sum", "Minimum", "Maximum", "SampleCount"]);

export function parseStatistic(stat: string): Statistic | null {
  if (SIMPLE.has(stat)) return { kind: stat as "Average" };
  const match = /^p(\d{1,2}(?:\.\d{1,2})?|100)$/.exec(stat);
  if (match) return { kind: "percentile", p: Number(match[1]) };
  return null;
}

// CloudWatch retention: 1-minute data for 15 days, 5-minute for 63 days,
// 1-hour for 455 days. Older data exists only at the coarser periods.
const RETENTION: Array<{ maxPeriod: number; ageSeconds: number }> = [
  { maxPeriod: 299, ageSeconds: 15 * 86_400 },
  { maxPeriod: 3_599, ageSeconds: 63 * 86_400 },
  { maxPeriod: Number.POSITIVE_INFINITY, ageSeconds: 455 * 86_400 },
];

export function retainedFrom(period: number, nowSec: number): number {
  const rule = RETENTION.find((r) => period <= r.maxPeriod) ?? RETENTION[RETENTION.length - 1];
  return nowSec - (rule?.ageSeconds ?? 0);
}

/** Data arrives a little late: the last ~2 minutes are not queryable yet. */
export const INGESTION_DELAY_SECONDS = 120;

const scratch: number[] = [];

/**
 * Aggregates the raw samples of one bucket [start, start + period).
 * Returns null when the bucket holds no available sample.
 */
export function aggregateBucket(
  series: MetricSeries,
  statistic: Statistic,
  start: number,
  period: number,
  availableUntil: number,
): number | null {
  const res = series.resolution;
  const fromSec = Math.max(start, Math.ceil(series.from / 1000));
  const untilSec = Math.min(start + period, series.until === null ? Number.POSITIVE_INFINITY : series.until / 1000);
  let t = Math.ceil(fromSec / res) * res;
  scratch.length = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (; t < untilSec && t + res <= availableUntil + 60; t += res) {
    const value = series.sample(t);
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
    if (statistic.kind === "percentile") scratch.push(value);
  }
  const count = statistic.kind === "percentile" ? scratch.length : countSamples(fromSec, untilSec, res, availableUntil);
  if (count === 0) return null;
  switch (statistic.kind) {
    case "Average":
      return sum / count;
    case "Sum":
      return sum;
    case "Minimum":
      return min;
    case "Maximum":
      return max;
    case "SampleCount":
      return count;
    case "percentile":
      return percentile(scratch, statistic.p);
  }
}

function countSamples(fromSec: number, untilSec: number, res: number, availableUntil: number): number {
  let n = 0;
  for (let t = Math.ceil(fromSec / res) * res; t < untilSec && t + res <= availableUntil + 60; t += res) n++;
  return n;
}

function percentile(values: number[], p: number): number {
  values.sort((a, b) => a - b);
  const rank = Math.min(values.length - 1, Math.max(0, Math.ceil((p / 100) * values.length) - 1));
  return values[rank] as number;
}
