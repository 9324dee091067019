import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { series } from "@/db/tables/metrics";
import type { Tx } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { dimensionsKey } from "./dimensions-key";
import type { SeriesDef, SeriesFilter, SeriesRow } from "./types";
import { isUuid } from "@/lib/http/validate";


/** What makes two definitions the same series (the columns of series_identity_key). */
function identity(d: { connectionId: string; region: string; namespace: string; metric: string; dimensionsKey: string; stat: string }) {
  return JSON.stringify([d.connectionId.toLowerCase(), d.region, d.namespace, d.metric, d.dimensionsKey, d.stat]);
}

function validate(def: SeriesDef, index: number): void {
  const where = `series[${index}]`;
  if (!isUuid(def.connectionId)) throw new ValidationError(`${where}: connectionId must be a uuid.`);
  for (const field of ["region", "resourceKind", "resourceId", "namespace", "metric", "stat", "unit"] as const) {
    if (typeof def[field] !== "string" || def[field] === "") throw new ValidationError(`${where}: ${field} is required.`);
  }
  if (!Number.isInteger(def.periodSeconds) || def.periodSeconds <= 0) {
    throw new ValidationError(`${where}: periodSeconds must be a positive integer.`);
  }
  for (const value of Object.values(def.dimensions)) {
    if (typeof value !== "string") throw new ValidationError(`${where}: dimension values must be strings.`);
  }
}

/**
 * Idempotent by (tenant, connection, region, namespace, metric, dimensions, stat); returns rows in
 * input order. A definition whose descriptive attributes changed (resource, unit, period) updates
 * the existing row; an unchanged one writes nothing, so calling this on every sync is cheap.
 */
export async function upsertSeries(tx: Tx, tenantId: string, defs: SeriesDef[]): Promise<SeriesRow[]> {
  if (defs.length === 0) return [];
  defs.forEach(validate);
  // ON CONFLICT DO UPDATE may not touch one row twice in a statement: the last definition wins.
  const unique = new Map<string, SeriesDef & { dimensionsKey: string }>();
  for (const def of defs) {
    const keyed = { ...def, dimensionsKey: dimensionsKey(def.dimensions) };
    unique.set(identity(keyed), keyed);
  }
  const rows = [...unique.values()];
  const column = <T>(pick: (d: SeriesDef & { dimensionsKey: string }) => T) => sql.param(rows.map(pick));

  await tx.execute(sql`
    insert into series (tenant_id, connection_id, region, resource_kind, resource_id, namespace, metric,
                        dimensions, dimensions_key, stat, unit, period_seconds)
    select ${tenantId}, u.connection_id, u.region, u.resource_kind, u.resource_id, u.namespace, u.metric,
           u.dimensions::jsonb, u.dimensions_key, u.stat, u.unit, u.period_seconds
      from unnest(${column((d) => d.connectionId)}::uuid[], ${column((d) => d.region)}::text[],
                  ${column((d) => d.resourceKind)}::text[], ${column((d) => d.resourceId)}::text[],
                  ${column((d) => d.namespace)}::text[], ${column((d) => d.metric)}::text[],
                  ${column((d) => JSON.stringify(d.dimensions))}::text[], ${column((d) => d.dimensionsKey)}::text[],
                  ${column((d) => d.stat)}::text[], ${column((d) => d.unit)}::text[], ${column((d) => d.periodSeconds)}::int[])
        as u(connection_id, region, resource_kind, resource_id, namespace, metric, dimensions, dimensions_key, stat, unit, period_seconds)
    on conflict (tenant_id, connection_id, region, namespace, metric, dimensions_key, stat) do update
       set resource_kind = excluded.resource_kind, resource_id = excluded.resource_id, unit = excluded.unit,
           period_seconds = excluded.period_seconds, dimensions = excluded.dimensions
     where (series.resource_kind, series.resource_id, series.unit, series.period_seconds, series.dimensions)
           is distinct from (excluded.resource_kind, excluded.resource_id, excluded.unit, excluded.period_seconds, excluded.dimensions)`);

  // A separate statement (a fresh snapshot) also sees rows a concurrent upsert committed while
  // the insert above waited on it.
  const found = await tx
    .select()
    .from(series)
    .where(
      and(
        eq(series.tenantId, tenantId),
        sql`(${series.connectionId}, ${series.region}, ${series.namespace}, ${series.metric}, ${series.dimensionsKey}, ${series.stat})
            in (select * from unnest(${column((d) => d.connectionId)}::uuid[], ${column((d) => d.region)}::text[],
                                     ${column((d) => d.namespace)}::text[], ${column((d) => d.metric)}::text[],
                                     ${column((d) => d.dimensionsKey)}::text[], ${column((d) => d.stat)}::text[]))`,
      ),
    );
  const byIdentity = new Map(found.map((row) => [identity(row), toSeriesRow(row)]));
  return defs.map((def) => {
    const row = byIdentity.get(identity({ ...def, dimensionsKey: dimensionsKey(def.dimensions) }));
    if (!row) throw new Error(`series ${def.namespace}/${def.metric} was not stored`);
    return row;
  });
}

export async function listSeries(tx: Tx, filter: SeriesFilter): Promise<SeriesRow[]> {
  // RLS limits rows to the tenant; naming it too lets the (tenant_id, …) indexes serve the query.
  const conditions: SQL[] = [sql`${series.tenantId} = app_current_tenant()`];
  if (filter.connectionId !== undefined) {
    if (!isUuid(filter.connectionId)) throw new ValidationError("connectionId must be a uuid.");
    conditions.push(eq(series.connectionId, filter.connectionId));
  }
  if (filter.resourceKind !== undefined) conditions.push(eq(series.resourceKind, filter.resourceKind));
  if (filter.resourceIds !== undefined) {
    if (filter.resourceIds.length === 0) return [];
    conditions.push(inArray(series.resourceId, filter.resourceIds));
  }
  if (filter.namespace !== undefined) conditions.push(eq(series.namespace, filter.namespace));
  if (filter.metric !== undefined) conditions.push(eq(series.metric, filter.metric));
  const rows = await tx
    .select()
    .from(series)
    .where(and(...conditions))
    .orderBy(asc(series.id));
  return rows.map(toSeriesRow);
}

function toSeriesRow(row: typeof series.$inferSelect): SeriesRow {
  return {
    id: row.id,
    tenantId: row.tenantId,
    connectionId: row.connectionId,
    region: row.region,
    resourceKind: row.resourceKind,
    resourceId: row.resourceId,
    namespace: row.namespace,
    metric: row.metric,
    dimensions: row.dimensions,
    stat: row.stat,
    unit: row.unit,
    periodSeconds: row.periodSeconds,
    lastPointAt: row.lastPointAt,
  };
}
