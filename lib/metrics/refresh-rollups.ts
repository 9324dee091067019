import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { binaryArray } from "./binary-arrays";
import type { PointColumns } from "./point-batch";

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
export function planBuckets(batch: PointColumns, bucketMs: number, previous: Map<number, number | null> | null) {
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
  unnest(${binaryArray.int8(a.seriesIds)}, ${binaryArray.timestamptz(a.ms)}, ${binaryArray.float8(a.min)},
         ${binaryArray.float8(a.max)}, ${binaryArray.float8(a.sum)}, ${binaryArray.int4(a.count)})
    as f(series_id, bucket, min, max, sum, count)`;

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

/** Inserts rows for buckets that cannot exist yet (a plain INSERT; see writePoints' savepoint). */
async function insertFresh(tx: Tx, table: SQL, tenantId: string, a: Aggregates): Promise<void> {
  if (a.seriesIds.length === 0) return;
  await tx.execute(sql`
    insert into ${table} (tenant_id, series_id, bucket, min, max, sum, count)
    select ${tenantId}::uuid, f.series_id, f.bucket, f.min, f.max, f.sum, f.count from ${aggregateArrays(a)}`);
}

/**
 * Merges into rows that exist (a plain UPDATE: about half the cost of ON CONFLICT DO UPDATE);
 * returns the buckets whose row was missing (then they must be recomputed).
 */
async function mergeContinuing(tx: Tx, table: SQL, tenantId: string, a: Aggregates, bucketMs: number): Promise<Pairs> {
  if (a.seriesIds.length === 0) return emptyPairs();
  const b = bounds(a.ms, bucketMs);
  const result = await tx.execute<{ n: number }>(sql`
    with upd as (
      update ${table} r
         set min = least(r.min, f.min), max = greatest(r.max, f.max), sum = r.sum + f.sum, count = r.count + f.count
        from ${aggregateArrays(a)}
       where r.tenant_id = ${tenantId}::uuid and r.series_id = f.series_id and r.bucket = f.bucket
         and r.bucket >= ${b.from}::timestamptz and r.bucket < ${b.to}::timestamptz
      returning 1)
    select count(*)::int as n from upd`);
  // A missing row means one was written around writePoints; recomputing these buckets is always right.
  return result.rows[0].n === a.seriesIds.length ? emptyPairs() : { seriesIds: a.seriesIds, ms: a.ms };
}

async function overwrite(tx: Tx, table: SQL, rows: SQL): Promise<void> {
  await tx.execute(sql`
    insert into ${table} (tenant_id, series_id, bucket, min, max, sum, count)
    ${rows}
    on conflict (tenant_id, series_id, bucket) do update
       set min = excluded.min, max = excluded.max, sum = excluded.sum, count = excluded.count`);
}

/** Merges the aggregates of points that did not exist before into the rollup rows, creating missing ones. */
async function mergeAdded(tx: Tx, table: SQL, tenantId: string, a: Aggregates): Promise<void> {
  if (a.seriesIds.length === 0) return;
  await tx.execute(sql`
    insert into ${table} as r (tenant_id, series_id, bucket, min, max, sum, count)
    select ${tenantId}::uuid, f.series_id, f.bucket, f.min, f.max, f.sum, f.count from ${aggregateArrays(a)}
    on conflict (tenant_id, series_id, bucket) do update
       set min = least(r.min, excluded.min), max = greatest(r.max, excluded.max), sum = r.sum + excluded.sum, count = r.count + excluded.count`);
}

const pairArrays = (p: Pairs) => sql`
  unnest(${binaryArray.int8(p.seriesIds)}, ${binaryArray.timestamptz(p.ms)}) as t(series_id, bucket)`;

function emptyPairs(): Pairs {
  return { seriesIds: [], ms: [] };
}

/** The union of bucket lists, each (series, bucket) once, sorted; `bucketMs` re-aligns finer buckets. */
function unionPairs(bucketMs: number, ...lists: Pairs[]): Pairs {
  const keyed = new Map<string, [number, number]>();
  for (const list of lists) {
    for (let i = 0; i < list.seriesIds.length; i++) {
      const ms = Math.floor(list.ms[i] / bucketMs) * bucketMs;
      keyed.set(`${list.seriesIds[i]}:${ms}`, [list.seriesIds[i], ms]);
    }
  }
  const sorted = [...keyed.values()].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { seriesIds: sorted.map((p) => p[0]), ms: sorted.map((p) => p[1]) };
}

async function recompute5m(tx: Tx, tenantId: string, five: Pairs): Promise<void> {
  if (five.seriesIds.length === 0) return;
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

async function recompute1h(tx: Tx, tenantId: string, hour: Pairs): Promise<void> {
  if (hour.seriesIds.length === 0) return;
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

export type RollupChanges = {
  /** Points newer than their series' last point before this write (all inserted). */
  fresh: PointColumns;
  /** Each series' last_point_at before this write. */
  previous: Map<number, number | null>;
  /** Older points that did not exist and were inserted (not counted in any rollup yet). */
  added?: PointColumns;
  /** Points whose value changed, or any point when nothing about the batch can be trusted. */
  recompute?: PointColumns;
};

/**
 * Brings the 5-minute and hourly rollups of every (series, bucket) the write changed up to date,
 * set-based: a few statements per table, whatever the number of buckets. New points are merged
 * (min of mins, sum of sums…); buckets with revised points are recomputed, 5-minute ones from the
 * raw points and hours from the 5-minute rows (12 rows instead of up to 3 600 points), after all
 * merges, so they end exact whatever was merged into them before.
 *
 * Correct under concurrency only because writePoints holds the row locks of the batch's series:
 * a writer that touched the same series earlier has committed, and each statement here, with a
 * fresh snapshot, sees its points and rollups. Everything happens inside writePoints'
 * transaction, so rollups are complete when it commits.
 */
export async function refreshRollups(tx: Tx, tenantId: string, changes: RollupChanges): Promise<void> {
  const { fresh, previous } = changes;
  const added = changes.added ?? { seriesIds: [], ms: [], values: [] };
  const revised = changes.recompute ?? { seriesIds: [], ms: [], values: [] };
  const none = new Map<number, number | null>();

  const five = planBuckets(fresh, FIVE_MIN_MS, previous);
  await insertFresh(tx, sql`metric_rollups_5m`, tenantId, five.fresh);
  await mergeAdded(tx, sql`metric_rollups_5m`, tenantId, planBuckets(added, FIVE_MIN_MS, none).fresh);
  const fiveMissing = await mergeContinuing(tx, sql`metric_rollups_5m`, tenantId, five.continuing, FIVE_MIN_MS);
  const fiveRecompute = unionPairs(FIVE_MIN_MS, five.recompute, fiveMissing, revised);
  await recompute5m(tx, tenantId, fiveRecompute);

  const hour = planBuckets(fresh, HOUR_MS, previous);
  await insertFresh(tx, sql`metric_rollups_1h`, tenantId, hour.fresh);
  await mergeAdded(tx, sql`metric_rollups_1h`, tenantId, planBuckets(added, HOUR_MS, none).fresh);
  const hourMissing = await mergeContinuing(tx, sql`metric_rollups_1h`, tenantId, hour.continuing, HOUR_MS);
  await recompute1h(tx, tenantId, unionPairs(HOUR_MS, hour.recompute, hourMissing, fiveRecompute));
}
