import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import { numberArray } from "./pg-array";
import type { Resolution } from "./types";

/*
 * One statement reads the buckets of many (series, width, time range) reads from one source:
 * the reads are a table of parameters (unnest) and a LATERAL subquery aggregates each, so a
 * whole dashboard costs one round trip per source instead of one query per widget. Each read
 * walks the (tenant_id, series_id, time) index of the partitions its range touches; constant
 * bounds (the union of all ranges) let the planner skip the other partitions up front.
 */

export type BucketRead = {
  /** Caller's key for the rows of this read; several reads may share one. */
  key: number;
  seriesId: number;
  bucketSeconds: number;
  /** [lo, hi) in epoch ms over the source rows' start. */
  lo: number;
  hi: number;
  /** Recorded time (epoch ms) for raw reads as known then; null: current values. */
  asOf: number | null;
};

/** Every aggregate a statistic may need: a bucket row serves avg, min, max, sum and count alike. */
export type BucketRow = { key: number; ms: number; min: number; max: number; sum: number; count: number; p95: number | null };

export type ReadShape = { source: Resolution; p95: boolean; asOf: boolean };

const ORIGIN = sql`timestamptz '1970-01-01 00:00:00+00'`;

const bin = (column: SQL) => sql`(extract(epoch from date_bin(make_interval(secs => r.secs), ${column}, ${ORIGIN})) * 1000)::float8`;

const at = (ms: SQL) => sql`to_timestamp(${ms} / 1000.0)`;

/** The union of the reads' ranges as a few disjoint intervals (a superset is fine). */
export function pruneIntervals(reads: Pick<BucketRead, "lo" | "hi">[], max = 4): [number, number][] {
  const sorted = reads.map((r): [number, number] => [r.lo, r.hi]).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = merged.at(-1);
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else merged.push([lo, hi]);
  }
  // Too many intervals cost planning time: join the ones with the smallest gaps.
  while (merged.length > max) {
    let best = 1;
    for (let i = 2; i < merged.length; i++) if (merged[i][0] - merged[i - 1][1] < merged[best][0] - merged[best - 1][1]) best = i;
    merged[best - 1][1] = merged[best][1];
    merged.splice(best, 1);
  }
  return merged;
}

function bounds(column: SQL, reads: BucketRead[]): SQL {
  const parts = pruneIntervals(reads).map(([lo, hi]) => sql`(${column} >= ${new Date(lo).toISOString()}::timestamptz and ${column} < ${new Date(hi).toISOString()}::timestamptz)`);
  return sql`(${sql.join(parts, sql` or `)})`;
}

function rollupRead(table: SQL, reads: BucketRead[]): SQL {
  return sql`
    select ${bin(sql`bucket`)} as ms, min(min) as min, max(max) as max, sum(sum) as sum, sum(count)::float8 as count, null::float8 as p95
      from ${table}
     where tenant_id = app_current_tenant() and series_id = r.series_id
       and bucket >= ${at(sql`r.lo`)} and bucket < ${at(sql`r.hi`)} and ${bounds(sql`bucket`, reads)}
     group by 1`;
}

function rawRead(reads: BucketRead[], shape: ReadShape): SQL {
  const base = sql`tenant_id = app_current_tenant() and series_id = r.series_id
    and ts >= ${at(sql`r.lo`)} and ts < ${at(sql`r.hi`)} and ${bounds(sql`ts`, reads)}`;
  // Each branch matches one of the two partial indexes (current / superseded versions).
  const source = shape.asOf
    ? sql`(select ts, value from metric_points
            where ${base} and recorded_to = 'infinity' and recorded_from <= ${at(sql`r.as_of`)}
           union all
           select ts, value from metric_points
            where ${base} and recorded_to <> 'infinity' and recorded_from <= ${at(sql`r.as_of`)} and recorded_to > ${at(sql`r.as_of`)})`
    : sql`(select ts, value from metric_points where ${base} and recorded_to = 'infinity')`;
  const p95 = shape.p95 ? sql`percentile_cont(0.95) within group (order by value)` : sql`null::float8`;
  return sql`
    select ${bin(sql`ts`)} as ms, min(value) as min, max(value) as max, sum(value) as sum, count(*)::float8 as count, ${p95} as p95
      from ${source} p
     group by 1`;
}

/** Rows of every read, ordered by key then bucket. */
export async function readBuckets(tx: Queryable, shape: ReadShape, reads: BucketRead[]): Promise<BucketRow[]> {
  if (reads.length === 0) return [];
  const inner =
    shape.source === "raw" ? rawRead(reads, shape) : rollupRead(shape.source === "5m" ? sql`metric_rollups_5m` : sql`metric_rollups_1h`, reads);
  const result = await tx.execute<BucketRow>(sql`
    select r.k as key, l.ms, l.min, l.max, l.sum, l.count, l.p95
      from unnest(${numberArray(reads.map((r) => r.key))}::int4[], ${numberArray(reads.map((r) => r.seriesId))}::int8[],
                  ${numberArray(reads.map((r) => r.bucketSeconds))}::int4[], ${numberArray(reads.map((r) => r.lo))}::float8[],
                  ${numberArray(reads.map((r) => r.hi))}::float8[], ${numberArray(reads.map((r) => r.asOf ?? 0))}::float8[])
           as r(k, series_id, secs, lo, hi, as_of)
     cross join lateral (${inner}) l
     order by 1, 2`);
  return result.rows;
}
