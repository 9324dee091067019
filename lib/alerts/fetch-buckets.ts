import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import type { ConditionStat } from "./schemas";

/*
 * Set-based reads for evaluation: one query per (metric, statistic, window) for every series any
 * rule needs, not one per rule. Windows that are whole 5-minute multiples read the 5-minute rollups
 * (exact for min / max / sum / count / avg); p95 and 1-minute windows read raw points. Only current
 * versions of points count (recorded_to = 'infinity').
 */
export type BucketGroup = { stat: ConditionStat; windowSeconds: number; seriesIds: number[]; from: Date; to: Date };

/** series id → bucket start (epoch ms) → value. */
export type BucketValues = Map<number, Map<number, number>>;

const RAW: Record<ConditionStat, SQL> = {
  avg: sql`avg(value)`,
  min: sql`min(value)`,
  max: sql`max(value)`,
  sum: sql`sum(value)`,
  count: sql`count(*)::float8`,
  p95: sql`percentile_cont(0.95) within group (order by value)`,
};

const ROLLUP: Record<Exclude<ConditionStat, "p95">, SQL> = {
  avg: sql`sum(sum) / nullif(sum(count), 0)`,
  min: sql`min(min)`,
  max: sql`max(max)`,
  sum: sql`sum(sum)`,
  count: sql`sum(count)::float8`,
};

function bucketMs(column: SQL, seconds: number): SQL {
  return sql`(extract(epoch from date_bin(make_interval(secs => ${seconds}), ${column}, timestamptz '1970-01-01 00:00:00+00')) * 1000)::float8`;
}

export function bucketQuery(tenantId: string, group: BucketGroup): SQL {
  const ids = sql.param(group.seriesIds);
  const from = group.from.toISOString();
  const to = group.to.toISOString();
  if (group.stat !== "p95" && group.windowSeconds % 300 === 0) {
    return sql`
      select series_id, ${bucketMs(sql`bucket`, group.windowSeconds)} as ms, ${ROLLUP[group.stat]} as value
        from metric_rollups_5m
       where tenant_id = ${tenantId} and series_id = any(${ids}::int8[])
         and bucket >= ${from}::timestamptz and bucket < ${to}::timestamptz
       group by 1, 2`;
  }
  return sql`
    select series_id, ${bucketMs(sql`ts`, group.windowSeconds)} as ms, ${RAW[group.stat]} as value
      from metric_points
     where tenant_id = ${tenantId} and series_id = any(${ids}::int8[])
       and ts >= ${from}::timestamptz and ts < ${to}::timestamptz and recorded_to = 'infinity'
     group by 1, 2`;
}

export async function fetchBuckets(tx: Tx, tenantId: string, group: BucketGroup): Promise<BucketValues> {
  const out: BucketValues = new Map();
  if (group.seriesIds.length === 0) return out;
  // One row per series with its buckets as two float8 arrays: a fraction of the rows (and of the
  // driver's per-row work) of one row per bucket.
  const rows = await tx.execute<{ series_id: string; ms: number[]; vals: (number | null)[] }>(sql`
    select series_id, array_agg(ms) as ms, array_agg(value) as vals from (${bucketQuery(tenantId, group)}) b group by series_id`);
  for (const row of rows.rows) {
    const buckets = new Map<number, number>();
    for (let i = 0; i < row.ms.length; i++) {
      const v = row.vals[i];
      if (v !== null && v !== undefined) buckets.set(Number(row.ms[i]), Number(v));
    }
    out.set(Number(row.series_id), buckets);
  }
  return out;
}
