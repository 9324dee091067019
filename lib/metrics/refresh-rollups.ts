import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { numberArray } from "./pg-array";
import type { PointBatch } from "./point-batch";

const FIVE_MIN_MS = 300_000;
const HOUR_MS = 3_600_000;

type Aggregates = { seriesIds: number[]; ms: number[]; min: number[]; max: number[]; sum: number[]; count: number[] };
type Pairs = { seriesIds: number[]; ms: number[] };

/**
 * Sorts the batch's touched (series, bucket) pairs by how the rollup row can be brought up to
 * date, knowing each series' last_point_at before this write (`previous`):
 * - fresh: the bucket starts after it, so no row exists yet; insert the batch's own aggregate;
 * - continuing: the bucket holds older points but every batch point in it is newer than the last
 *   one, so none was counted before; merge (min of mins, sum of sums…) into the existing row;
 * - recompute: a revised, re-sent or back-filled point; aggregate the bucket again.
 * `previous` null: trust nothing, recompute every bucket.
 */
export function planBuckets(batch: PointBatch, bucketMs: number, previous: Map<number, number | null> | null) {
  const fresh = emptyAggregates();
  const continuing = emptyAggregates();
  const recompute: Pairs = { seriesIds: [], ms: [] };
  let runSeries = -1;
  let runBucket = Number.NaN;
  let run: Aggregates | null = null;
  for (let i = 0; i < batch.seriesIds.length; i++) {
    const sid = batch.seriesIds[i];
    const bucket = Math.floor(batch.ms[i] / bucketMs) * bucketMs;
    const v = batch.values[i];
    // Sorted by (series, ts): a bucket's points are adjacent and the first is the oldest.
    if (sid !== runSeries || bucket !== runBucket) {
      runSeries = sid;
      runBucket = bucket;
      const before = previous?.get(sid);
      if (previous === null) run = null;
      else if (before === null || before === undefined || bucket > before) run = fresh;
      else if (batch.ms[i] > before) run = continuing;
      else run = null;
      if (run) {
        run.seriesIds.push(sid);
        run.ms.push(bucket);
        run.min.push(v);
        run.max.push(v);
        run.sum.push(v);
        run.count.push(1);
      } else {
        recompute.seriesIds.push(sid);
        recompute.ms.push(bucket);
      }
      continue;
    }
    if (run) {
      const k = run.seriesIds.length - 1;
      if (v < run.min[k]) run.min[k] = v;
      if (v > run.max[k]) run.max[k] = v;
      run.sum[k] += v;
      run.count[k] += 1;
    }
  }
  return { fresh, continuing, recompute };
}

function emptyAggregates(): Aggregates {
  return { seriesIds: [], ms: [], min: [], max: [], sum: [], count: [] };
}

const aggregateArrays = (a: Aggregates) => sql`
  unnest(${numberArray(a.seriesIds)}::int8[], ${numberArray(a.ms)}::float8[], ${numberArray(a.min)}::float8[],
         ${numberArray(a.max)}::float8[], ${numberArray(a.sum)}::float8[], ${numberArray(a.count)}::int[])
    as f(series_id, ms, min, max, sum, count)`;

/** Constant bounds let the planner prune partitions; a join condition alone would not. */
function bounds(ms: number[], bucketMs: number) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const m of ms) {
    if (m < lo) lo = m;
    if (m > hi) hi = m;
  }
  return { from: new Date(lo).toISOString(), to: new Date(hi + bucketMs).toISOString() };
}

/** Inserts rows for buckets that cannot exist yet; false if one did (then it must be recomputed). */
async function insertFresh(tx: Tx, table: SQL, tenantId: string, a: Aggregates): Promise<boolean> {
  if (a.seriesIds.length === 0) return true;
  const result = await tx.execute<{ n: number }>(sql`
    with ins as (
      insert into ${table} (tenant_id, series_id, bucket, min, max, sum, count)
      select ${tenantId}::uuid, f.series_id, to_timestamp(f.ms / 1000), f.min, f.max, f.sum, f.count from ${aggregateArrays(a)}
      on conflict (tenant_id, series_id, bucket) do nothing
      returning 1)
    select count(*)::int as n from ins`);
  return result.rows[0].n === a.seriesIds.length;
}

/**
 * Merges into rows that exist (a plain UPDATE: about half the cost of ON CONFLICT DO UPDATE);
 * false if one was missing (then the buckets must be recomputed).
 */
async function mergeContinuing(tx: Tx, table: SQL, tenantId: string, a: Aggregates, bucketMs: number): Promise<boolean> {
  if (a.seriesIds.length === 0) return true;
  const b = bounds(a.ms, bucketMs);
  const result = await tx.execute<{ n: number }>(sql`
    with upd as (
      update ${table} r
         set min = least(r.min, f.min), max = greatest(r.max, f.max), sum = r.sum + f.sum, count = r.count + f.count
        from ${aggregateArrays(a)}
       where r.tenant_id = ${tenantId}::uuid and r.series_id = f.series_id and r.bucket = to_timestamp(f.ms / 1000)
         and r.bucket >= ${b.from}::timestamptz and r.bucket < ${b.to}::timestamptz
      returning 1)
    select count(*)::int as n from upd`);
  return result.rows[0].n === a.seriesIds.length;
}

async function overwrite(tx: Tx, table: SQL, rows: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${table} (tenant_id, series_id, bucket, min, max, sum, count)
    ${rows}
    on conflict (tenant_id, series_id, bucket) do update
       set min = excluded.min, max = excluded.max, sum = excluded.sum, count = excluded.count`);
}

/** Writes the fresh and continuing buckets; returns every pair that still needs recomputing. */
async function applyPlan(tx: Tx, table: SQL, tenantId: string, plan: ReturnType<typeof planBuckets>, bucketMs: number): Promise<Pairs> {
  let recompute: Pairs = plan.recompute;
  // A failure here means a row was written around writePoints; recomputing (overwriting) the
  // buckets is always right.
  const add = (rows: Aggregates) => {
    recompute = { seriesIds: recompute.seriesIds.concat(rows.seriesIds), ms: recompute.ms.concat(rows.ms) };
  };
  if (!(await insertFresh(tx, table, tenantId, plan.fresh))) add(plan.fresh);
  if (!(await mergeContinuing(tx, table, tenantId, plan.continuing, bucketMs))) add(plan.continuing);
  return recompute;
}

const pairArrays = (p: Pairs) => sql`
  (select u.series_id, to_timestamp(u.ms / 1000) as bucket
     from unnest(${numberArray(p.seriesIds)}::int8[], ${numberArray(p.ms)}::float8[]) as u(series_id, ms)) t`;

/**
 * Brings the 5-minute and hourly rollups of every (series, bucket) the batch touched up to date
 * with the current raw values, set-based: a few statements per table, whatever the number of
 * buckets. Recomputed 5-minute buckets read the raw points; recomputed hours read the 5-minute
 * rows (12 rows instead of up to 3 600 points).
 *
 * Correct under concurrency only because writePoints holds the row locks of the batch's series:
 * a writer that touched the same series earlier has committed, and each statement here, with a
 * fresh snapshot, sees its points and rollups.
 */
export async function refreshRollups(tx: Tx, tenantId: string, batch: PointBatch, previous: Map<number, number | null> | null): Promise<void> {
  const five = await applyPlan(tx, sql`metric_rollups_5m`, tenantId, planBuckets(batch, FIVE_MIN_MS, previous), FIVE_MIN_MS);
  if (five.seriesIds.length) {
    const b = bounds(five.ms, FIVE_MIN_MS);
    await overwrite(tx, sql`metric_rollups_5m`, sql`
      select ${tenantId}::uuid, t.series_id, t.bucket, min(m.value), max(m.value), sum(m.value), count(*)::int
        from ${pairArrays(five)}
        join metric_points m
          on m.tenant_id = ${tenantId}::uuid and m.series_id = t.series_id and m.recorded_to = 'infinity'
         and m.ts >= t.bucket and m.ts < t.bucket + interval '5 minutes'
       where m.ts >= ${b.from}::timestamptz and m.ts < ${b.to}::timestamptz
       group by t.series_id, t.bucket`);
  }
  const hour = await applyPlan(tx, sql`metric_rollups_1h`, tenantId, planBuckets(batch, HOUR_MS, previous), HOUR_MS);
  if (hour.seriesIds.length) {
    const b = bounds(hour.ms, HOUR_MS);
    await overwrite(tx, sql`metric_rollups_1h`, sql`
      select ${tenantId}::uuid, t.series_id, t.bucket, min(r.min), max(r.max), sum(r.sum), sum(r.count)::int
        from ${pairArrays(hour)}
        join metric_rollups_5m r
          on r.tenant_id = ${tenantId}::uuid and r.series_id = t.series_id
         and r.bucket >= t.bucket and r.bucket < t.bucket + interval '1 hour'
       where r.bucket >= ${b.from}::timestamptz and r.bucket < ${b.to}::timestamptz
       group by t.series_id, t.bucket`);
  }
}
