import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import type { Point, WriteResult } from "@/lib/metrics";
import { lockSeries } from "@/lib/metrics/lock-series";
import { ensureDays } from "@/lib/metrics/partitions";
import { preparePointBatch, type PointColumns } from "@/lib/metrics/point-batch";
import { refreshRollups } from "@/lib/metrics/refresh-rollups";

/**
 * Baseline for the write benchmark: the semantics of writePoints, but one INSERT per point (and,
 * for a point that exists, one UPDATE plus one INSERT to revise it), the way a straightforward
 * ORM loop would write. It shares the store's per-batch steps (partitions, series locks,
 * last_point_at, rollups), so the ratio measures the point-writing strategy alone.
 */
export async function writePointsNaive(tx: Tx, tenantId: string, points: Point[], recordedAt?: Date): Promise<WriteResult> {
  if (points.length === 0) return { inserted: 0, revised: 0, unchanged: 0 };
  const batch = preparePointBatch(points);
  const recorded = recordedAt ? recordedAt.toISOString() : null;
  await ensureDays(tx, batch.days);
  const previous = await lockSeries(tx, tenantId, batch);
  let inserted = 0;
  let revised = 0;
  const fresh: PointColumns = { seriesIds: [], ms: [], values: [] };
  const added: PointColumns = { seriesIds: [], ms: [], values: [] };
  const changed: PointColumns = { seriesIds: [], ms: [], values: [] };
  const push = (c: PointColumns, i: number) => {
    c.seriesIds.push(batch.seriesIds[i]);
    c.ms.push(batch.ms[i]);
    c.values.push(batch.values[i]);
  };
  for (let i = 0; i < batch.seriesIds.length; i++) {
    const seriesId = batch.seriesIds[i];
    const ts = new Date(batch.ms[i]).toISOString();
    const value = batch.values[i];
    const insert = await tx.execute(sql`
      insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
      values (${tenantId}::uuid, ${seriesId}, ${ts}::timestamptz, ${value}, coalesce(${recorded}::timestamptz, now()))
      on conflict (tenant_id, series_id, ts) where recorded_to = 'infinity' do nothing`);
    if (insert.rowCount === 1) {
      const before = previous.get(seriesId);
      push(before === null || before === undefined || batch.ms[i] > before ? fresh : added, i);
      inserted++;
      continue;
    }
    const closed = await tx.execute(sql`
      update metric_points set recorded_to = coalesce(${recorded}::timestamptz, now())
       where tenant_id = ${tenantId}::uuid and series_id = ${seriesId} and ts = ${ts}::timestamptz
         and recorded_to = 'infinity' and value is distinct from ${value}`);
    if (closed.rowCount === 1) {
      await tx.execute(sql`
        insert into metric_points (tenant_id, series_id, ts, value, recorded_from)
        values (${tenantId}::uuid, ${seriesId}, ${ts}::timestamptz, ${value}, coalesce(${recorded}::timestamptz, now()))`);
      push(changed, i);
      revised++;
    }
  }
  if (inserted + revised > 0) await refreshRollups(tx, tenantId, { fresh, previous, added, recompute: changed });
  return { inserted, revised, unchanged: points.length - inserted - revised };
}
