import { sql, type SQL } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { DEFAULT_MAX_POINTS, pickResolution } from "./pick-resolution";
import { METRIC_STATS, type MetricQuery, type MetricQueryResult, type MetricStat } from "./types";

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

function validate(q: MetricQuery): void {
  if (!(q.from instanceof Date) || !(q.to instanceof Date) || !(q.to.getTime() > q.from.getTime())) {
    throw new ValidationError("`to` must be a date after `from`.");
  }
  if (!METRIC_STATS.includes(q.stat)) throw new ValidationError(`Unknown stat ${String(q.stat)}.`);
  if (q.step !== undefined && !(Number.isFinite(q.step) && q.step > 0)) throw new ValidationError("`step` must be a positive number of seconds.");
  if (q.maxPoints !== undefined && !(Number.isInteger(q.maxPoints) && q.maxPoints >= 1)) throw new ValidationError("`maxPoints` must be a positive integer.");
  if (q.asOf !== undefined && !(q.asOf instanceof Date && Number.isFinite(q.asOf.getTime()))) throw new ValidationError("`asOf` must be a valid date.");
  for (const id of q.seriesIds) if (!Number.isSafeInteger(id) || id <= 0) throw new ValidationError("Series ids must be positive integers.");
}

/**
 * The one query API for every chart: per series, one value per bucket over [from, to).
 *
 * Rollups hold aggregates of the *current* values only; they have no recorded time. An `asOf`
 * query (values as Monitr knew them at that moment) therefore always reads the raw versions with
 * recorded_from <= asOf < recorded_to, and so does p95, which needs the raw distribution.
 * Rollup buckets are included when their start lies in [from, to).
 */
export async function queryMetrics(tx: Queryable, q: MetricQuery): Promise<MetricQueryResult> {
  validate(q);
  const ids = [...new Set(q.seriesIds)];
  // Only series this tenant can see (RLS) are read, and their period sets the raw width.
  const visible = ids.length
    ? (
        await tx.execute<{ id: string; period_seconds: number }>(sql`
          select id, period_seconds from series
           where tenant_id = app_current_tenant() and id = any(${sql.param(ids)}::int8[])`)
      ).rows
    : [];
  const rawSeconds = visible.reduce((max, s) => Math.max(max, s.period_seconds), 0) || 60;
  const plan = pickResolution({
    fromMs: q.from.getTime(),
    toMs: q.to.getTime(),
    rawSeconds,
    rawOnly: q.stat === "p95" || q.asOf !== undefined,
    step: q.step,
    maxPoints: q.maxPoints ?? DEFAULT_MAX_POINTS,
  });
  const points = new Map<number, { ts: Date; value: number }[]>(ids.map((id) => [id, []]));
  if (visible.length > 0) {
    const rows = await tx.execute<{ series_id: string; ms: number; value: number }>(
      plan.resolution === "raw"
        ? rawQuery(q, visible.map((s) => Number(s.id)), plan.bucketSeconds)
        : rollupQuery(q, visible.map((s) => Number(s.id)), plan.resolution, plan.bucketSeconds),
    );
    for (const row of rows.rows) points.get(Number(row.series_id))?.push({ ts: new Date(row.ms), value: Number(row.value) });
  }
  return { ...plan, series: ids.map((seriesId) => ({ seriesId, points: points.get(seriesId) ?? [] })) };
}

/**
 * The bucket start (aligned to the epoch) as epoch milliseconds: drizzle hands raw timestamptz
 * values over as strings, a number needs no parsing.
 */
function epochMs(column: SQL, bucketSeconds: number): SQL {
  return sql`(extract(epoch from date_bin(make_interval(secs => ${bucketSeconds}), ${column}, timestamptz '1970-01-01 00:00:00+00')) * 1000)::float8`;
}

function rawQuery(q: MetricQuery, ids: number[], bucketSeconds: number): SQL {
  const base = sql`tenant_id = app_current_tenant() and series_id = any(${sql.param(ids)}::int8[])
    and ts >= ${q.from.toISOString()}::timestamptz and ts < ${q.to.toISOString()}::timestamptz`;
  // Each branch matches one of the two partial indexes (current / superseded versions).
  const source = q.asOf
    ? sql`(select series_id, ts, value from metric_points
            where ${base} and recorded_to = 'infinity' and recorded_from <= ${q.asOf.toISOString()}::timestamptz
           union all
           select series_id, ts, value from metric_points
            where ${base} and recorded_to <> 'infinity'
              and recorded_from <= ${q.asOf.toISOString()}::timestamptz and recorded_to > ${q.asOf.toISOString()}::timestamptz)`
    : sql`(select series_id, ts, value from metric_points where ${base} and recorded_to = 'infinity')`;
  return sql`
    select series_id, ${epochMs(sql`ts`, bucketSeconds)} as ms, ${RAW_AGGREGATE[q.stat]} as value
      from ${source} p
     group by 1, 2
     order by 1, 2`;
}

function rollupQuery(q: MetricQuery, ids: number[], resolution: "5m" | "1h", bucketSeconds: number): SQL {
  if (q.stat === "p95") throw new Error("p95 is computed from raw points only");
  const table = resolution === "5m" ? sql`metric_rollups_5m` : sql`metric_rollups_1h`;
  return sql`
    select series_id, ${epochMs(sql`bucket`, bucketSeconds)} as ms, ${ROLLUP_AGGREGATE[q.stat]} as value
      from ${table}
     where tenant_id = app_current_tenant() and series_id = any(${sql.param(ids)}::int8[])
       and bucket >= ${q.from.toISOString()}::timestamptz and bucket < ${q.to.toISOString()}::timestamptz
     group by 1, 2
     order by 1, 2`;
}
