import { z } from "zod";
import { and, eq, inArray } from "drizzle-orm";
import { schema, withTenant } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { bucketCacheFor, listSeries, METRIC_STATS, queryMetrics } from "@/lib/metrics";
import { DateTime, iso, PageQuery, pageOf, paginate } from "../pagination";
import { defineEndpoint } from "../registry";

export const Series = z
  .object({
    id: z.number().int(),
    connectionId: z.uuid(),
    region: z.string(),
    resourceKind: z.string(),
    resourceId: z.string(),
    namespace: z.string().meta({ description: "AWS/EC2, CWAgent or ContainerInsights" }),
    metric: z.string(),
    dimensions: z.record(z.string(), z.string()),
    stat: z.string(),
    unit: z.string(),
    periodSeconds: z.number().int(),
    lastPointAt: z.string().nullable(),
  })
  .meta({ id: "Series" });

export const listSeriesEndpoint = defineEndpoint({
  operationId: "listSeries",
  method: "GET",
  path: "/series",
  tag: "Metrics",
  summary: "List metric series",
  description: "The series Monitr collects; pass their ids to `GET /metrics/query`.",
  scope: "read",
  query: z.object({
    connectionId: z.uuid().optional(),
    resourceKind: z.string().max(64).optional(),
    resourceId: z.string().max(512).optional(),
    namespace: z.string().max(128).optional(),
    metric: z.string().max(256).optional(),
    ...PageQuery,
  }),
  response: pageOf(Series),
  async handle({ ctx, query }) {
    const rows = await withTenant(
      ctx.tenant.id,
      (tx) =>
        listSeries(tx, {
          connectionId: query.connectionId,
          resourceKind: query.resourceKind,
          resourceIds: query.resourceId === undefined ? undefined : [query.resourceId],
          namespace: query.namespace,
          metric: query.metric,
        }),
      { db: ctx.db },
    );
    const page = paginate(rows, { key: (s) => [s.id], arity: 1 }, query.cursor, query.limit);
    return {
      nextCursor: page.nextCursor,
      data: page.data.map((s) => ({
        id: s.id,
        connectionId: s.connectionId,
        region: s.region,
        resourceKind: s.resourceKind,
        resourceId: s.resourceId,
        namespace: s.namespace,
        metric: s.metric,
        dimensions: s.dimensions,
        stat: s.stat,
        unit: s.unit,
        periodSeconds: s.periodSeconds,
        lastPointAt: iso(s.lastPointAt),
      })),
    };
  },
});

const MAX_SERIES = 50;
const SeriesIds = z
  .string()
  .regex(/^\d{1,18}(,\d{1,18})*$/, "A comma-separated list of series ids, e.g. 12,13.")
  .meta({ description: `Comma-separated series ids (at most ${MAX_SERIES}).` });

const MetricQueryResult = z
  .object({
    resolution: z.enum(["raw", "5m", "1h"]).meta({ description: "The store the values were read from." }),
    bucketSeconds: z.number().int(),
    series: z.array(z.object({ seriesId: z.number().int(), points: z.array(z.object({ ts: z.string(), value: z.number() })) })),
  })
  .meta({ id: "MetricQueryResult" });

export const queryMetricsEndpoint = defineEndpoint({
  operationId: "queryMetrics",
  method: "GET",
  path: "/metrics/query",
  tag: "Metrics",
  summary: "Query metric values over a time range",
  description:
    "One value per bucket and series over [from, to). Monitr picks raw points, 5-minute or hourly rollups so each series has at most `maxPoints` values; `asOf` reads the values as Monitr knew them then.",
  scope: "read",
  query: z.object({
    series: SeriesIds,
    from: DateTime,
    to: DateTime,
    stat: z.enum(METRIC_STATS).default("avg"),
    step: z.coerce.number().int().min(1).max(86_400 * 31).optional().meta({ description: "Minimum bucket width in seconds." }),
    maxPoints: z.coerce.number().int().min(1).max(5000).optional(),
    asOf: DateTime.optional(),
  }),
  response: MetricQueryResult,
  async handle({ ctx, query }) {
    const ids = [...new Set(query.series.split(",").map(Number))];
    if (ids.length > MAX_SERIES) throw new ValidationError(`Query at most ${MAX_SERIES} series at once.`, { series: `At most ${MAX_SERIES} ids.` });
    const from = new Date(query.from);
    const to = new Date(query.to);
    if (!(to > from)) throw new ValidationError("`to` must be after `from`.", { to: "Must be after `from`." });
    const result = await withTenant(
      ctx.tenant.id,
      async (tx) => {
        // Another tenant's series id is a 404, exactly like an id that does not exist.
        const known = await tx
          .select({ id: schema.series.id, tenantId: schema.series.tenantId, periodSeconds: schema.series.periodSeconds, lastPointAt: schema.series.lastPointAt })
          .from(schema.series)
          .where(and(eq(schema.series.tenantId, ctx.tenant.id), inArray(schema.series.id, ids)));
        const mine = new Set(known.map((s) => s.id));
        const missing = ids.filter((id) => !mine.has(id));
        if (missing.length) throw new NotFoundError(`No such series: ${missing.join(", ")}.`);
        return queryMetrics(
          tx,
          {
            seriesIds: ids,
            from,
            to,
            stat: query.stat,
            ...(query.step ? { step: query.step } : {}),
            ...(query.maxPoints ? { maxPoints: query.maxPoints } : {}),
            ...(query.asOf ? { asOf: new Date(query.asOf) } : {}),
          },
          // The rows just read save the store reading them again; finished buckets come from the
          // process's cache, as for dashboards (asOf queries always read Postgres).
          { series: known, cache: bucketCacheFor(ctx.db) },
        );
      },
      { db: ctx.db },
    );
    return {
      resolution: result.resolution,
      bucketSeconds: result.bucketSeconds,
      series: result.series.map((s) => ({ seriesId: s.seriesId, points: s.points.map((p) => ({ ts: p.ts.toISOString(), value: p.value })) })),
    };
  },
});
