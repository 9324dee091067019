import { sql } from "drizzle-orm";
import { sqlState, SQLSTATE, type Tx } from "@/lib/db";
import { lockSeries } from "./lock-series";
import { ensureDays } from "./partitions";
import { binaryArray } from "./binary-arrays";
import { preparePointBatch, splitByFreshness, type PointBatch, type PointColumns } from "./point-batch";
import { refreshRollups } from "./refresh-rollups";
import type { Point, WriteResult } from "./types";
import { writeStalePoints } from "./write-stale-points";

/*
 * How two writers of the same points stay correct (both in READ COMMITTED, the default):
 * 1. Each locks the rows of the batch's series (ascending id) before touching points, so writers
 *    of the same series run one after the other; the second, once it holds the locks, sees all
 *    the first committed (every later statement takes a fresh snapshot). Its comparison finds
 *    the points present and equal: it reports them unchanged.
 * 2. Whatever any writer does, the partial unique index metric_points_current_key admits one
 *    current version per (tenant, series, ts). The lock keeps the counts and rollups exact and
 *    spares writers from waiting on each other's index entries.
 * A transaction that writes several batches whose series sets interleave with another's can
 * still deadlock; Postgres aborts one and the job retries (collection jobs are singletons per
 * connection and region, so their series sets are disjoint).
 */

const points = (c: PointColumns) => sql`
  unnest(${binaryArray.int8(c.seriesIds)}, ${binaryArray.timestamptz(c.ms)}, ${binaryArray.float8(c.values)}) as p(series_id, ts, value)`;

const recordedTime = (recordedAt: string | null) => sql`coalesce(${recordedAt}::timestamptz, now())`;

/** Inserts points that cannot exist yet (newer than their series' last point): a plain INSERT. */
async function insertNew(tx: Tx, tenantId: string, c: PointColumns, recordedAt: string | null): Promise<void> {
  await tx.execute(sql`
    insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
    select ${tenantId}::uuid, p.series_id, p.ts, p.value, ${recordedTime(recordedAt)} from ${points(c)}`);
}

/** Inserts the points that have no current version; returns how many. */
async function insertMissing(tx: Tx, tenantId: string, c: PointColumns, recordedAt: string | null): Promise<number> {
  const result = await tx.execute<{ n: number }>(sql`
    with ins as (
      insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
      select ${tenantId}::uuid, p.series_id, p.ts, p.value, ${recordedTime(recordedAt)} from ${points(c)}
      on conflict (tenant_id, series_id, ts) where recorded_to = 'infinity' do nothing
      returning 1)
    select count(*)::int as n from ins`);
  return result.rows[0].n;
}

/**
 * Closes the current version of every point whose value differs and inserts the new value as the
 * current version, in one statement; returns how many. The insert does not collide with the
 * version closed by the same statement: a row the own transaction updated no longer counts for
 * the unique check.
 */
async function reviseChanged(tx: Tx, tenantId: string, c: PointColumns, recordedAt: string | null): Promise<number> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const ms of c.ms) {
    if (ms < lo) lo = ms;
    if (ms > hi) hi = ms;
  }
  const from = new Date(lo).toISOString();
  const to = new Date(hi).toISOString();
  const result = await tx.execute<{ n: number }>(sql`
    with p as (select * from ${points(c)}),
    closed as (
      update metric_points m set recorded_to = ${recordedTime(recordedAt)}
        from p
       where m.tenant_id = ${tenantId}::uuid and m.series_id = p.series_id and m.ts = p.ts
         and m.recorded_to = 'infinity' and m.value is distinct from p.value
         and m.ts >= ${from}::timestamptz and m.ts <= ${to}::timestamptz
      returning m.series_id, m.ts, p.value),
    ins as (
      insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
      select ${tenantId}::uuid, series_id, ts, value, ${recordedTime(recordedAt)} from closed
      on conflict (tenant_id, series_id, ts) where recorded_to = 'infinity' do nothing
      returning 1)
    select count(*)::int as n from ins`);
  return result.rows[0].n;
}

type Counts = { inserted: number; revised: number };

/**
 * The usual path, trusting last_point_at (every write advances it in the same transaction, and
 * the series locks keep other writers out): points newer than it cannot exist, so they are
 * inserted without any check; older ones are compared with the stored versions in one statement.
 * Runs in a savepoint; null when a unique violation shows a row was written around writePoints,
 * and then nothing of it remains.
 */
async function writeTrusting(tx: Tx, tenantId: string, batch: PointBatch, previous: Map<number, number | null>, recordedAt: string | null): Promise<Counts | null> {
  const { fresh, stale } = splitByFreshness(batch, previous);
  try {
    return await tx.transaction(async (sp) => {
      if (fresh.seriesIds.length > 0) await insertNew(sp, tenantId, fresh, recordedAt);
      let inserted = fresh.seriesIds.length;
      let revised = 0;
      let changed: PointColumns = { seriesIds: [], ms: [], values: [] };
      if (stale.seriesIds.length > 0) {
        const outcome = await writeStalePoints(sp, tenantId, stale, recordedAt);
        inserted += outcome.inserted;
        changed = outcome.changed;
        if (changed.seriesIds.length > 0) revised = await reviseChanged(sp, tenantId, changed, recordedAt);
      }
      if (inserted + revised > 0) await refreshRollups(sp, tenantId, { fresh, previous, recompute: changed });
      return { inserted, revised };
    });
  } catch (error) {
    if (sqlState(error) === SQLSTATE.uniqueViolation) return null;
    throw error;
  }
}

/** Assumes nothing about which points exist: arbitrated inserts, then revisions, then every touched bucket recomputed. */
async function writeCarefully(tx: Tx, tenantId: string, batch: PointBatch, recordedAt: string | null): Promise<Counts> {
  const inserted = await insertMissing(tx, tenantId, batch, recordedAt);
  const revised = await reviseChanged(tx, tenantId, batch, recordedAt);
  if (inserted + revised > 0) await refreshRollups(tx, tenantId, { fresh: { seriesIds: [], ms: [], values: [] }, previous: new Map(), recompute: batch });
  return { inserted, revised };
}

/**
 * Batched, idempotent write (see the concurrency note above). `recordedAt` is the recorded time
 * of this knowledge, by default the transaction's start (now()), so every version one call writes
 * or closes shares one instant; it must not go backwards for a point. Points and rollups are
 * complete when the caller's transaction commits.
 */
export async function writePoints(tx: Tx, tenantId: string, input: Point[], recordedAt?: Date): Promise<WriteResult> {
  if (input.length === 0) return { inserted: 0, revised: 0, unchanged: 0 };
  const batch = preparePointBatch(input);
  const recorded = recordedAt ? recordedAt.toISOString() : null;
  await ensureDays(tx, batch.days);
  const previous = await lockSeries(tx, tenantId, batch);
  const { inserted, revised } = (await writeTrusting(tx, tenantId, batch, previous, recorded)) ?? (await writeCarefully(tx, tenantId, batch, recorded));
  // Repeated (series, ts) pairs within the input count as unchanged: only the last is kept.
  return { inserted, revised, unchanged: input.length - inserted - revised };
}
