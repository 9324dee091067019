import { sql } from "drizzle-orm";
import { sqlState, SQLSTATE, type Tx } from "@/lib/db";
import { lockSeries } from "./lock-series";
import { ensureDays } from "./partitions";
import { numberArray } from "./pg-array";
import { preparePointBatch, splitByFreshness, type PointColumns } from "./point-batch";
import { refreshRollups } from "./refresh-rollups";
import type { Point, WriteResult } from "./types";

/*
 * How two writers of the same points stay correct (both in READ COMMITTED, the default):
 * 1. Each locks the rows of the batch's series (ascending id) before touching points, so writers
 *    of the same series run one after the other; the second, once it holds the locks, sees all
 *    the first committed (every later statement takes a fresh snapshot). Its insert finds the
 *    points present, the revise step finds them equal: it reports them unchanged.
 * 2. Whatever any writer does, the partial unique index metric_points_current_key admits one
 *    current version per (tenant, series, ts). The lock keeps the counts and rollups exact and
 *    spares writers from waiting on each other's index entries.
 * A transaction that writes several batches whose series sets interleave with another's can
 * still deadlock; Postgres aborts one and the job retries (collection jobs are singletons per
 * connection and region, so their series sets are disjoint).
 */

const points = (c: PointColumns) => sql`
  unnest(${numberArray(c.seriesIds)}::int8[], ${numberArray(c.ms)}::float8[], ${numberArray(c.values)}::float8[])
    as p(series_id, ms, value)`;

const recordedTime = (recordedAt: string | null) => sql`coalesce(${recordedAt}::timestamptz, now())`;

/**
 * Points newer than their series' last point cannot exist yet, so a plain INSERT is enough (no
 * conflict arbitration: about 30% cheaper, measured). It runs in a savepoint: should the premise
 * ever fail (a row written around writePoints), the unique index rejects the insert and the
 * careful path runs instead.
 */
async function insertFresh(tx: Tx, tenantId: string, c: PointColumns, recordedAt: string | null): Promise<boolean> {
  try {
    await tx.transaction(async (sp) => {
      await sp.execute(sql`
        insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
        select ${tenantId}::uuid, p.series_id, to_timestamp(p.ms / 1000), p.value, ${recordedTime(recordedAt)}
          from ${points(c)}`);
    });
    return true;
  } catch (error) {
    if (sqlState(error) === SQLSTATE.uniqueViolation) return false;
    throw error;
  }
}

/** Inserts the points that have no current version; returns how many. */
async function insertMissing(tx: Tx, tenantId: string, c: PointColumns, recordedAt: string | null): Promise<number> {
  const result = await tx.execute<{ n: number }>(sql`
    with ins as (
      insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
      select ${tenantId}::uuid, p.series_id, to_timestamp(p.ms / 1000), p.value, ${recordedTime(recordedAt)}
        from ${points(c)}
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
       where m.tenant_id = ${tenantId}::uuid and m.series_id = p.series_id and m.ts = to_timestamp(p.ms / 1000)
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

/**
 * Batched, idempotent write (see the concurrency note above). `recordedAt` is the recorded time
 * of this knowledge, by default the transaction's start (now()), so every version one call writes
 * or closes shares one instant; it must not go backwards for a point.
 */
export async function writePoints(tx: Tx, tenantId: string, input: Point[], recordedAt?: Date): Promise<WriteResult> {
  if (input.length === 0) return { inserted: 0, revised: 0, unchanged: 0 };
  const batch = preparePointBatch(input);
  const recorded = recordedAt ? recordedAt.toISOString() : null;
  await ensureDays(tx, batch.days);
  const previous = await lockSeries(tx, tenantId, batch);

  const { fresh, stale: maybeExisting } = splitByFreshness(batch, previous);
  let stale: PointColumns = maybeExisting;
  let trusted = true;
  let inserted = 0;
  if (fresh.seriesIds.length > 0) {
    if (await insertFresh(tx, tenantId, fresh, recorded)) inserted = fresh.seriesIds.length;
    else {
      trusted = false;
      stale = batch;
    }
  }
  let revised = 0;
  if (stale.seriesIds.length > 0) {
    inserted += await insertMissing(tx, tenantId, stale, recorded);
    revised = await reviseChanged(tx, tenantId, stale, recorded);
  }
  if (inserted + revised > 0) await refreshRollups(tx, tenantId, batch, trusted ? previous : null);
  // Repeated (series, ts) pairs within the input count as unchanged: only the last is kept.
  return { inserted, revised, unchanged: input.length - inserted - revised };
}
