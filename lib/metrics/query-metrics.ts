import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { BucketCache, bucketEnd, type BucketRun } from "./bucket-cache";
import { BucketSeries, type BucketValue } from "./bucket-series";
import { numberArray } from "./pg-array";
import { DEFAULT_MAX_POINTS, pickResolution } from "./pick-resolution";
import { assemble, planReads, type ReadPlan } from "./plan-reads";
import { readBuckets, type BucketRead, type BucketRow, type ReadShape } from "./read-buckets";
import { METRIC_STATS, type MetricQuery, type MetricQueryResult, type MetricStat, type Resolution, type SeriesRow } from "./types";

export type QueryOptions = {
  /** Finished buckets of queries as known now are taken from and kept in this cache. */
  cache?: BucketCache;
  /**
   * The queries' series as the caller already read them in this transaction (so under this
   * tenant's row-level security): saves reading them again. Ids not listed read as unknown.
   */
  series?: Pick<SeriesRow, "id" | "tenantId" | "periodSeconds" | "lastPointAt">[];
};

const SOURCE_MS: Record<Resolution, number | null> = { raw: null, "5m": 300_000, "1h": 3_600_000 };

const VALUE: Record<MetricStat, (r: BucketRow) => number> = {
  // Rollup rows combine exactly: an average is the sum of sums over the sum of counts.
  avg: (r) => r.sum / r.count,
  min: (r) => r.min,
  max: (r) => r.max,
  sum: (r) => r.sum,
  count: (r) => r.count,
  p95: (r) => r.p95 ?? Number.NaN,
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

type VisibleSeries = { tenantId: string; periodSeconds: number; lastPointMs: number | null };

/** Only series this tenant can see (RLS and the WHERE clause); their period and newest point. */
async function visibleSeries(tx: Queryable, ids: number[]): Promise<Map<number, VisibleSeries>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.execute<{ id: string; tenant_id: string; period_seconds: number; last_ms: number | null }>(sql`
    select id, tenant_id::text, period_seconds, (extract(epoch from last_point_at) * 1000)::float8 as last_ms from series
     where tenant_id = app_current_tenant() and id = any(${numberArray(ids)}::int8[])`);
  return new Map(rows.rows.map((r) => [Number(r.id), { tenantId: r.tenant_id, periodSeconds: r.period_seconds, lastPointMs: r.last_ms === null ? null : Number(r.last_ms) }]));
}

/** One series of one query: how it is read, and where its finished buckets are cached. */
type Part = {
  query: number;
  seriesId: number;
  stat: MetricStat;
  bucketMs: number;
  shape: ReadShape;
  asOf: number | null;
  plan: ReadPlan;
  cacheKey: string | null;
  run?: BucketRun;
};

/**
 * The one query API for every chart: per series, one value per bucket over [from, to).
 *
 * Rollups hold aggregates of the *current* values only; they have no recorded time. An `asOf`
 * query (values as Monitr knew them at that moment) therefore always reads the raw versions with
 * recorded_from <= asOf < recorded_to, and so does p95, which needs the raw distribution.
 * Rollup buckets are included when their start lies in [from, to).
 */
export async function queryMetrics(tx: Queryable, q: MetricQuery, options: QueryOptions = {}): Promise<MetricQueryResult> {
  return (await queryMetricsBatch(tx, [q], options))[0];
}

export type BucketQueryResult = Omit<MetricQueryResult, "series"> & { series: { seriesId: number; buckets: BucketSeries }[] };

/** queryMetricBuckets with plain arrays of points. */
export async function queryMetricsBatch(tx: Queryable, queries: MetricQuery[], options: QueryOptions = {}): Promise<MetricQueryResult[]> {
  return (await queryMetricBuckets(tx, queries, options)).map(({ series, ...rest }) => ({
    ...rest,
    series: series.map(({ seriesId, buckets }) => ({ seriesId, points: buckets.toArray().map((p) => ({ ts: new Date(p.ms), value: p.value })) })),
  }));
}

/**
 * Several chart queries (a dashboard's widgets) in as few statements as possible: one for the
 * series of all of them (none when the caller passes them), then one per source (raw, 5-minute,
 * hourly) the resolutions need. With a cache, queries as known now read from Postgres only what
 * the cache lacks and the live tail.
 */
export async function queryMetricBuckets(tx: Queryable, queries: MetricQuery[], options: QueryOptions = {}): Promise<BucketQueryResult[]> {
  queries.forEach(validate);
  const visible = options.series
    ? new Map(options.series.map((s) => [s.id, { tenantId: s.tenantId, periodSeconds: s.periodSeconds, lastPointMs: s.lastPointAt?.getTime() ?? null }]))
    : await visibleSeries(tx, [...new Set(queries.flatMap((q) => q.seriesIds))]);
  const cache = options.cache;
  const now = cache ? cache.now() : Date.now();
  const parts: Part[] = [];
  const planned = queries.map((q, query) => {
    const ids = [...new Set(q.seriesIds)];
    const mine = ids.flatMap((id) => {
      const s = visible.get(id);
      return s ? [{ id, ...s }] : [];
    });
    const rawSeconds = mine.reduce((max, s) => Math.max(max, s.periodSeconds), 0) || 60;
    const resolution = pickResolution({
      fromMs: q.from.getTime(),
      toMs: q.to.getTime(),
      rawSeconds,
      rawOnly: q.stat === "p95" || q.asOf !== undefined,
      step: q.step,
      maxPoints: q.maxPoints ?? DEFAULT_MAX_POINTS,
    });
    const bucketMs = resolution.bucketSeconds * 1000;
    for (const s of mine) {
      const cacheKey = cache && !q.asOf ? BucketCache.key({ tenantId: s.tenantId, seriesId: s.id, source: resolution.resolution, bucketMs, stat: q.stat }) : null;
      const run = cacheKey ? cache?.get(cacheKey) : undefined;
      const plan = planReads({
        fromMs: q.from.getTime(),
        toMs: q.to.getTime(),
        bucketMs,
        sourceMs: SOURCE_MS[resolution.resolution],
        finishedBefore: cacheKey && s.lastPointMs !== null ? Math.min(now, s.lastPointMs) - cache!.lateWindowMs : null,
        ...(run ? { run: { ...run, end: bucketEnd(run) } } : {}),
      });
      parts.push({
        query,
        seriesId: s.id,
        stat: q.stat,
        bucketMs,
        shape: { source: resolution.resolution, p95: q.stat === "p95", asOf: q.asOf !== undefined },
        asOf: q.asOf?.getTime() ?? null,
        plan,
        cacheKey,
        ...(run ? { run } : {}),
      });
    }
    return { ids, resolution };
  });

  const rows = await readParts(tx, parts);
  const answered = new Map<string, BucketSeries>();
  parts.forEach((part, k) => {
    const value = VALUE[part.stat];
    const read = (rows.get(k) ?? []).map((r): BucketValue => ({ ms: r.ms, value: value(r) }));
    const { buckets, fresh } = assemble(part.plan, read, part.bucketMs, part.run);
    if (fresh && cache && part.cacheKey) cache.put(part.cacheKey, fresh, now);
    answered.set(`${part.query}:${part.seriesId}`, buckets);
  });
  return planned.map(({ ids, resolution }, query) => ({
    ...resolution,
    series: ids.map((seriesId) => ({ seriesId, buckets: answered.get(`${query}:${seriesId}`) ?? BucketSeries.of([]) })),
  }));
}

/** Rows per part index: one statement per read shape in use (usually one). */
async function readParts(tx: Queryable, parts: Part[]): Promise<Map<number, BucketRow[]>> {
  const groups = new Map<string, { shape: ReadShape; reads: BucketRead[] }>();
  parts.forEach((part, key) => {
    const id = `${part.shape.source}|${part.shape.p95}|${part.shape.asOf}`;
    const group = groups.get(id) ?? { shape: part.shape, reads: [] };
    groups.set(id, group);
    for (const [lo, hi] of part.plan.ranges) group.reads.push({ key, seriesId: part.seriesId, bucketSeconds: part.bucketMs / 1000, lo, hi, asOf: part.asOf });
  });
  const byPart = new Map<number, BucketRow[]>();
  for (const { shape, reads } of groups.values()) {
    for (const row of await readBuckets(tx, shape, reads)) {
      const list = byPart.get(row.key);
      if (list) list.push(row);
      else byPart.set(row.key, [row]);
    }
  }
  return byPart;
}
