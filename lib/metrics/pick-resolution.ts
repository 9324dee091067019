import type { Resolution } from "./types";

/** Aim for at least this many points per series when the data exists (ARCHITECTURE.md: ≈ 300–1 000). */
export const MIN_POINTS = 300;
export const DEFAULT_MAX_POINTS = 1000;

const SOURCE_SECONDS: Record<Exclude<Resolution, "raw">, number> = { "5m": 300, "1h": 3600 };

// Bucket widths a chart axis reads well; larger ones are whole days.
const NICE_SECONDS = [1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

export type ResolutionPlan = { resolution: Resolution; bucketSeconds: number };

/** Buckets (aligned to the epoch) that [from, to) overlaps. */
export function bucketCount(fromMs: number, toMs: number, bucketSeconds: number): number {
  const b = bucketSeconds * 1000;
  return Math.floor((toMs - 1) / b) - Math.floor(fromMs / b) + 1;
}

/** The smallest readable width ≥ `min` that is a whole multiple of the source's width. */
function niceBucket(min: number, unit: number): number {
  for (const n of NICE_SECONDS) if (n >= min && n % unit === 0) return n;
  const days = Math.ceil(min / 86400) * 86400;
  return days % unit === 0 ? days : Math.ceil(min / unit) * unit;
}

function nextNice(bucket: number, unit: number): number {
  return niceBucket(bucket + 1, unit);
}

/**
 * The coarsest source (1 h rollups, 5 min rollups, raw points) whose width still yields at least
 * MIN_POINTS buckets over the range, widened as needed so no series gets more than maxPoints
 * buckets; `step` forces a minimum width. p95 needs the raw distribution and asOf needs recorded
 * time, which only raw points carry, so both always read raw points.
 */
export function pickResolution(q: {
  fromMs: number;
  toMs: number;
  rawSeconds: number;
  rawOnly: boolean;
  step?: number;
  maxPoints: number;
}): ResolutionPlan {
  const range = (q.toMs - q.fromMs) / 1000;
  const minBucket = Math.max(q.step ?? 0, range / q.maxPoints);
  const target = Math.max(minBucket, range / MIN_POINTS);
  let resolution: Resolution = "raw";
  let unit = q.rawSeconds;
  if (!q.rawOnly) {
    for (const r of ["1h", "5m"] as const) {
      const seconds = SOURCE_SECONDS[r];
      if (seconds <= target && seconds >= q.rawSeconds) {
        resolution = r;
        unit = seconds;
        break;
      }
    }
  }
  let bucketSeconds = niceBucket(Math.max(unit, minBucket), unit);
  while (bucketCount(q.fromMs, q.toMs, bucketSeconds) > q.maxPoints) bucketSeconds = nextNice(bucketSeconds, unit);
  return { resolution, bucketSeconds };
}
