import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { binaryArray } from "./binary-arrays";
import type { PointBatch } from "./point-batch";

/**
 * Locks the batch's series rows (ascending id, so two writers cannot deadlock on them), moves
 * series.last_point_at forward to the batch's newest point (a backfill of older points leaves it)
 * and returns each series' last_point_at from before this write, in epoch ms (null: no points
 * yet). One statement. The locks serialize writers of the same series for the rest of the
 * transaction; the rows double as the existence check a foreign key from metric_points would
 * give. Moving last_point_at before the points are written is safe: a point newer than it is
 * always inserted, and a failure rolls back the whole transaction.
 */
export async function lockSeries(tx: Tx, tenantId: string, batch: PointBatch): Promise<Map<number, number | null>> {
  const result = await tx.execute<{ id: string; last_ms: number | null }>(sql`
    with locked as materialized (
      select id, last_point_at from series
       where tenant_id = ${tenantId}::uuid and id = any(${binaryArray.int8(batch.series.ids)})
       order by id
         for no key update),
    advanced as (
      update series s set last_point_at = v.ts
        from locked l
        join unnest(${binaryArray.int8(batch.series.ids)}, ${binaryArray.timestamptz(batch.series.maxMs)}) as v(id, ts) on v.id = l.id
       where s.tenant_id = ${tenantId}::uuid and s.id = l.id
         and (l.last_point_at is null or l.last_point_at < v.ts)
      returning 1)
    select id, (extract(epoch from last_point_at) * 1000)::float8 as last_ms from locked`);
  const previous = new Map(result.rows.map((r) => [Number(r.id), r.last_ms === null ? null : Number(r.last_ms)]));
  if (previous.size !== batch.series.ids.length) {
    const missing = batch.series.ids.filter((id) => !previous.has(id));
    throw new NotFoundError(`Unknown series: ${missing.slice(0, 10).join(", ")}${missing.length > 10 ? ", …" : ""}.`);
  }
  return previous;
}
