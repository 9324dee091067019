import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { binaryArray } from "./binary-arrays";
import type { PointColumns } from "./point-batch";

/** Per series, the oldest and newest timestamp of a sorted batch. */
function seriesWindows(c: PointColumns) {
  const w = { ids: [] as number[], lo: [] as number[], hi: [] as number[] };
  for (let i = 0; i < c.seriesIds.length; i++) {
    const last = w.ids.length - 1;
    if (last >= 0 && w.ids[last] === c.seriesIds[i]) w.hi[last] = c.ms[i];
    else {
      w.ids.push(c.seriesIds[i]);
      w.lo.push(c.ms[i]);
      w.hi.push(c.ms[i]);
    }
  }
  return w;
}

const mergeRollup = (table: "metric_rollups_5m" | "metric_rollups_1h", width: string, tenantId: string) => {
  const t = sql.identifier(table);
  return sql`
    insert into ${t} (tenant_id, series_id, bucket, min, max, sum, count)
    select ${tenantId}::uuid, series_id, date_bin(${width}::interval, ts, 'epoch'::timestamptz) as bucket,
           min(value), max(value), sum(value), count(*)::int
      from q where old is null
     group by series_id, bucket
    on conflict (tenant_id, series_id, bucket) do update
       set min = least(${t}.min, excluded.min), max = greatest(${t}.max, excluded.max),
           sum = ${t}.sum + excluded.sum, count = ${t}.count + excluded.count`;
};

export type StaleOutcome = { inserted: number; changed: PointColumns };

/**
 * Points at or before their series' last point: they may exist. One statement reads the current
 * versions in each series' window of the batch (one index range scan per series, not one probe
 * per point), inserts the points that have none, and merges those into both rollups (they were
 * not counted before, so min/max/sum/count combine exactly). Returns how many it inserted and the
 * points whose stored value differs, which the caller revises (rare; the rollups of their
 * buckets are then recomputed).
 *
 * The insert has no ON CONFLICT: under the series locks nothing but a row written around
 * writePoints can collide, and the caller runs this in a savepoint and takes the careful path
 * on a unique violation.
 */
export async function writeStalePoints(tx: Tx, tenantId: string, c: PointColumns, recordedAt: string | null): Promise<StaleOutcome> {
  const w = seriesWindows(c);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < w.ids.length; i++) {
    if (w.lo[i] < lo) lo = w.lo[i];
    if (w.hi[i] > hi) hi = w.hi[i];
  }
  const result = await tx.execute<{ inserted: number; ids: string[] | null; ms: number[] | null; vals: number[] | null }>(sql`
    with p as (
      select * from unnest(${binaryArray.int8(c.seriesIds)}, ${binaryArray.timestamptz(c.ms)}, ${binaryArray.float8(c.values)}) as p(series_id, ts, value)),
    e as (
      select m.series_id, m.ts, m.value
        from unnest(${binaryArray.int8(w.ids)}, ${binaryArray.timestamptz(w.lo)}, ${binaryArray.timestamptz(w.hi)}) as w(id, lo, hi)
        -- offset 0 keeps the lateral subquery a per-series range scan (constant bounds prune partitions)
        join lateral (
          select m.series_id, m.ts, m.value from metric_points m
           where m.tenant_id = ${tenantId}::uuid and m.series_id = w.id and m.recorded_to = 'infinity'
             and m.ts >= w.lo and m.ts <= w.hi
             and m.ts >= ${new Date(lo).toISOString()}::timestamptz and m.ts <= ${new Date(hi).toISOString()}::timestamptz
          offset 0) m on true),
    q as materialized (
      select p.series_id, p.ts, p.value, e.value as old from p left join e on e.series_id = p.series_id and e.ts = p.ts),
    ins as (
      insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
      select ${tenantId}::uuid, series_id, ts, value, coalesce(${recordedAt}::timestamptz, now()) from q where old is null),
    r5 as (${mergeRollup("metric_rollups_5m", "5 minutes", tenantId)}),
    r1 as (${mergeRollup("metric_rollups_1h", "1 hour", tenantId)})
    select (select count(*)::int from q where old is null) as inserted,
           array_agg(series_id order by series_id, ts) as ids,
           array_agg((extract(epoch from ts) * 1000)::float8 order by series_id, ts) as ms,
           array_agg(value order by series_id, ts) as vals
      from q where old <> value`);
  const row = result.rows[0];
  return {
    inserted: row.inserted,
    changed: { seriesIds: (row.ids ?? []).map(Number), ms: (row.ms ?? []).map(Number), values: (row.vals ?? []).map(Number) },
  };
}
