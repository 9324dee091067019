import { sql, type SQL } from "drizzle-orm";
import type { MetricStat } from "@/lib/metrics";
import type { ReportResolution } from "./schemas";

/*
 * The SQL behind metric CSV rows and PDF summaries, over the metric store's tables
 * (db/migrations/0003_metric_points.sql). Current values come from the partial index on current
 * versions; an `asOf` read takes the versions Monitr held at that moment, exactly as queryMetrics does.
 */

const RAW_AGGREGATE: Record<MetricStat, SQL> = {
  avg: sql`avg(value)`,
  min: sql`min(value)`,
  max: sql`max(value)`,
  sum: sql`sum(value)`,
  count: sql`count(*)::float8`,
  p95: sql`percentile_cont(0.95) within group (order by value)`,
};

// Rollup rows combine exactly: an average is the sum of sums over the sum of counts.
const ROLLUP_AGGREGATE: Record<Exclude<MetricStat, "p95">, SQL> = {
  avg: sql`sum(sum) / sum(count)`,
  min: sql`min(min)`,
  max: sql`max(max)`,
  sum: sql`sum(sum)`,
  count: sql`sum(count)::float8`,
};

export const BUCKET_SECONDS: Record<Exclude<ReportResolution, "auto" | "raw">, number> = { "5m": 300, "1h": 3600, "1d": 86_400 };

export type RowWindow = { seriesIds: number[]; from: Date; to: Date; asOf?: Date };

const isoUtc = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;

/** The raw versions visible at asOf (or the current ones): series_id, ts, value. */
export function visiblePoints(w: RowWindow): SQL {
  const base = sql`tenant_id = app_current_tenant() and series_id = any(${sql.param(w.seriesIds)}::int8[])
    and ts >= ${w.from.toISOString()}::timestamptz and ts < ${w.to.toISOString()}::timestamptz`;
  if (!w.asOf) return sql`(select series_id, ts, value from metric_points where ${base} and recorded_to = 'infinity')`;
  const at = w.asOf.toISOString();
  // Each branch matches one of the two partial indexes (current / superseded versions).
  return sql`(select series_id, ts, value from metric_points where ${base} and recorded_to = 'infinity' and recorded_from <= ${at}::timestamptz
              union all
              select series_id, ts, value from metric_points where ${base} and recorded_to <> 'infinity'
                 and recorded_from <= ${at}::timestamptz and recorded_to > ${at}::timestamptz)`;
}

export type MetricRow = { series_id: string; ts: string; value: number };

/**
 * One row per (series, timestamp), ordered by series then time: the stored points at "raw", or one
 * aggregate per bucket. Rollups serve 5 min / 1 h / 1 day buckets of min/max/avg/sum/count; p95 and
 * as-of reads need the raw versions.
 */
export function metricRowsQuery(w: RowWindow, resolution: Exclude<ReportResolution, "auto">, stat: MetricStat): SQL {
  if (resolution === "raw") {
    return sql`select series_id, ${isoUtc(sql`ts`)} as ts, value from ${visiblePoints(w)} p order by series_id, p.ts`;
  }
  const seconds = BUCKET_SECONDS[resolution];
  const bin = (column: SQL) => sql`date_bin(make_interval(secs => ${seconds}), ${column}, timestamptz '1970-01-01 00:00:00+00')`;
  if (stat === "p95" || w.asOf) {
    return sql`select series_id, ${isoUtc(sql`b`)} as ts, value from (
                 select series_id, ${bin(sql`ts`)} as b, ${RAW_AGGREGATE[stat]} as value from ${visiblePoints(w)} p group by 1, 2) x
               order by series_id, b`;
  }
  const table = resolution === "5m" ? sql`metric_rollups_5m` : sql`metric_rollups_1h`;
  return sql`select series_id, ${isoUtc(sql`b`)} as ts, value from (
               select series_id, ${bin(sql`bucket`)} as b, ${ROLLUP_AGGREGATE[stat]} as value from ${table}
                where tenant_id = app_current_tenant() and series_id = any(${sql.param(w.seriesIds)}::int8[])
                  and bucket >= ${w.from.toISOString()}::timestamptz and bucket < ${w.to.toISOString()}::timestamptz
                group by 1, 2) x
             order by series_id, b`;
}

export type SeriesSummary = { seriesId: number; avg: number | null; min: number | null; max: number | null; p95: number | null; count: number };

/** avg / min / max / p95 per series over the whole window, from the raw points (p95 needs them). */
export function summaryQuery(w: RowWindow): SQL {
  return sql`select series_id, avg(value) as avg, min(value) as min, max(value) as max,
                    percentile_cont(0.95) within group (order by value) as p95, count(*)::int as count
               from ${visiblePoints(w)} p group by series_id`;
}
