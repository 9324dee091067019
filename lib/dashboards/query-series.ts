import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant, type Tx } from "@/lib/db";
import { AppError, ValidationError } from "@/lib/http/errors";
import { BucketSeries, bucketCacheFor, queryMetricBuckets, type BucketQueryResult, type QueryOptions, type Resolution, type SeriesRow } from "@/lib/metrics";
import { MAX_BATCH_QUERIES } from "./batch-limit";
import { parseDashboardRef } from "./dashboard-ref";
import { resolveSelection, seriesByIdLists, MAX_SELECTED_SERIES, type ResolvedSeries } from "./resolve-selection";
import { MetricResourceKind, MetricStat, type Selection } from "./schemas";
import { parseInstant } from "./time-range";

const MAX_RANGE_MS = 400 * 86_400_000;

const instant = (what: string) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .min(1, `${what} is required.`)
    .transform((text, ctx) => {
      const d = parseInstant(text);
      if (!d) {
        ctx.addIssue({ code: "custom", message: `${what} must be an ISO 8601 date or epoch milliseconds.` });
        return z.NEVER;
      }
      return d;
    });

const list = (max: number, what: string) =>
  z
    .string()
    .trim()
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(300)).min(1, `Name at least one ${what}.`).max(max, `At most ${max} ${what}s.`));

/**
 * GET /api/metrics/query parameters. Series are chosen by `seriesIds`, or by `resourceIds` (or a
 * `tag` as key:value) plus `metric`; one way only.
 */
export const MetricsQueryInput = z
  .object({
    seriesIds: list(MAX_SELECTED_SERIES, "series id")
      .refine((ids) => ids.every((id) => /^[1-9]\d{0,15}$/.test(id)), "Series ids are positive integers, separated by commas.")
      .transform((ids) => ids.map(Number))
      .optional(),
    resourceIds: list(20, "resource id").optional(),
    resourceKind: MetricResourceKind.optional(),
    tag: z
      .string()
      .trim()
      .regex(/^[^:]{1,128}:.{0,256}$/, "Use key:value.")
      .optional(),
    metric: z.string().trim().min(1).max(256).optional(),
    namespace: z.string().trim().min(1).max(256).optional(),
    /** For `self` and cluster selections made on a dashboard (a dashboard ref). */
    dashboard: z.string().trim().max(400).optional(),
    from: instant("from"),
    to: instant("to"),
    asOf: instant("asOf").optional(),
    step: z.coerce.number({ error: "step must be a number of seconds." }).int("step must be whole seconds.").min(1).max(31 * 86_400).optional(),
    stat: MetricStat.default("avg"),
    limit: z.coerce.number().int().min(1).max(50).optional(),
    maxPoints: z.coerce.number().int().min(10).max(1000).optional(),
  })
  .superRefine((q, ctx) => {
    const ways = [q.seriesIds, q.resourceIds, q.tag].filter((v) => v !== undefined).length;
    if (ways !== 1) ctx.addIssue({ code: "custom", path: ["seriesIds"], message: "Choose series by seriesIds, by resourceIds + metric, or by tag + metric (exactly one)." });
    if ((q.resourceIds || q.tag) && !q.metric) ctx.addIssue({ code: "custom", path: ["metric"], message: "Name the metric." });
    if (q.to.getTime() <= q.from.getTime()) ctx.addIssue({ code: "custom", path: ["to"], message: "to must be after from." });
    if (q.to.getTime() - q.from.getTime() > MAX_RANGE_MS) ctx.addIssue({ code: "custom", path: ["from"], message: "Ask for at most 400 days." });
  });
export type MetricsQueryInput = z.infer<typeof MetricsQueryInput>;

// JSON bodies may give lists as arrays and instants as epoch milliseconds; the query string cannot.
const asParam = (v: unknown) => (Array.isArray(v) ? v.join(",") : typeof v === "number" ? String(v) : v);
const BatchQuery = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asParam(x)])) : v),
  MetricsQueryInput,
);

/** POST /api/metrics/query: `{ queries: [...] }`, each with the parameters of GET /api/metrics/query. */
export const MetricsBatchInput = z.object({
  queries: z.array(BatchQuery).min(1, "Send at least one query.").max(MAX_BATCH_QUERIES, `At most ${MAX_BATCH_QUERIES} queries.`),
});
export type MetricsBatchInput = z.infer<typeof MetricsBatchInput>;

export type MetricsQueryResponse = {
  resolution: Resolution;
  bucketSeconds: number;
  from: string;
  to: string;
  asOf: string | null;
  stat: MetricStat;
  /** Series the selection matched; `series` holds at most `limit` of them. */
  matched: number;
  series: (ResolvedSeries & { points: [number, number][] })[];
};
type MetricStat = z.infer<typeof MetricStat>;

type BatchError = { error: { code: string; message: string; fields?: Record<string, string> } };
/** One entry per query, in order: its answer, or why its selection was refused. */
export type MetricsBatchResponse = { results: (MetricsQueryResponse | BatchError)[] };
export type MetricsBatchAnswer = { results: (MetricsAnswer | BatchError)[] };

const DEFAULT_NAMESPACE: Record<z.infer<typeof MetricResourceKind>, string> = {
  ec2_instance: "AWS/EC2",
  eks_cluster: "ContainerInsights",
  eks_node: "ContainerInsights",
  eks_pod: "ContainerInsights",
};

/** The series a query names, labelled, and their rows as read (they spare queryMetricBuckets a lookup). */
type Found = { selected: ResolvedSeries[]; rows: SeriesRow[] };

async function select(tx: Tx, q: MetricsQueryInput, validAt: Date): Promise<Found> {
  if (q.seriesIds) {
    const { lists, rows } = await seriesByIdLists(tx, [q.seriesIds], validAt, q.asOf);
    return { selected: lists[0], rows };
  }
  const kind = q.resourceKind ?? "ec2_instance";
  const metric = { namespace: q.namespace ?? DEFAULT_NAMESPACE[kind], metric: q.metric ?? "" };
  const [key, ...rest] = (q.tag ?? "").split(":");
  const selection: Selection = q.resourceIds ? { by: "resources", resourceKind: kind, resourceIds: q.resourceIds } : { by: "tag", resourceKind: kind, key, value: rest.join(":") };
  const dashboard = q.dashboard ? parseDashboardRef(q.dashboard) : undefined;
  const { series, rows } = await resolveSelection(tx, { selection, metrics: [metric], dashboard, validAt, asOf: q.asOf });
  return { selected: series, rows };
}

/** Series already selected and labelled, and what to read of them. */
export type SelectedItem = { selected: ResolvedSeries[]; q: SelectedQuery };
type SelectedQuery = { from: Date; to: Date; stat: MetricStat; step?: number; asOf?: Date; maxPoints?: number; limit?: number };

/** The moment whose inventory names the series: the range's end, never after asOf or now. */
const validAtOf = (q: { to: Date; asOf?: Date }) => new Date(Math.min(q.to.getTime(), (q.asOf ?? new Date()).getTime()));

/** A query's answer before it is written out: points stay in the metric store's lazy form (BucketSeries). */
export type MetricsAnswer = Omit<MetricsQueryResponse, "series"> & { series: (ResolvedSeries & { buckets: BucketSeries })[] };

/** Reads the selection's series, bucketed by queryMetrics (raw or rollups, ≤ maxPoints per series). */
export async function runMetricsQuery(tx: Tx, q: MetricsQueryInput, options: Pick<QueryOptions, "cache"> = {}): Promise<MetricsAnswer> {
  const { selected, rows } = await select(tx, q, validAtOf(q));
  return (await answerSelected(tx, [{ selected, q }], { ...options, series: rows }))[0];
}

/** Bucketed points for series already selected (dashboards rendering on the server), one answer per item. */
export async function querySelectedBatch(tx: Tx, items: SelectedItem[], options: QueryOptions = {}): Promise<MetricsQueryResponse[]> {
  return (await answerSelected(tx, items, options)).map(toResponse);
}

/** Several selections' points in one queryMetricBuckets (one statement per source). */
async function answerSelected(tx: Tx, items: SelectedItem[], options: QueryOptions = {}): Promise<MetricsAnswer[]> {
  const results = await queryMetricBuckets(
    tx,
    items.map(({ selected, q }) => ({
      seriesIds: selected.map((s) => s.id),
      from: q.from,
      to: q.to,
      stat: q.stat,
      ...(q.step ? { step: q.step } : {}),
      ...(q.asOf ? { asOf: q.asOf } : {}),
      ...(q.maxPoints ? { maxPoints: q.maxPoints } : {}),
    })),
    options,
  );
  return items.map(({ selected, q }, i) => answer(selected, q, results[i]));
}

function answer(selected: ResolvedSeries[], q: SelectedQuery, result: BucketQueryResult): MetricsAnswer {
  const buckets = new Map(result.series.map((s) => [s.seriesId, s.buckets]));
  let series = selected.map((s) => ({ ...s, buckets: buckets.get(s.id) ?? BucketSeries.of([]) }));
  if (q.limit !== undefined && series.length > q.limit) {
    // Busiest first: the series whose highest bucket is highest.
    const peaks = new Map(series.map((s) => [s.id, s.buckets.peak()]));
    series = [...series].sort((a, b) => peaks.get(b.id)! - peaks.get(a.id)!).slice(0, q.limit);
  }
  return {
    resolution: result.resolution,
    bucketSeconds: result.bucketSeconds,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    asOf: q.asOf?.toISOString() ?? null,
    stat: q.stat,
    matched: selected.length,
    series,
  };
}

export function toResponse(a: MetricsAnswer): MetricsQueryResponse {
  return { ...a, series: a.series.map(({ buckets, ...s }) => ({ ...s, points: buckets.toTuples() })) };
}

/** The answer as JSON, the same text JSON.stringify(toResponse(a)) gives, without formatting cached points again. */
export function answerJson(a: MetricsAnswer): string {
  const { series, ...head } = a;
  return `${JSON.stringify(head).slice(0, -1)},"series":${concat(series.map(({ buckets, ...s }) => `${JSON.stringify(s).slice(0, -1)},"points":${buckets.json()}}`))}}`;
}

/** `{ "results": [...] }` of POST /api/metrics/query. */
export function batchJson(b: MetricsBatchAnswer): string {
  return `{"results":${concat(b.results.map((r) => ("error" in r ? JSON.stringify(r) : answerJson(r))))}}`;
}

// A JSON array of JSON texts by concatenation: join() would copy the large texts once more.
function concat(items: string[]): string {
  let out = "[";
  items.forEach((item, i) => (out += i ? `,${item}` : item));
  return `${out}]`;
}

function assertPastAsOf(q: { asOf?: Date }, field: string) {
  if (q.asOf && q.asOf.getTime() > Date.now() + 60_000) throw new ValidationError("asOf must not be in the future.", { [field]: "Must not be in the future." });
}

/** The verb behind GET /api/metrics/query: any member may read. */
export async function queryMetricSeries({ ctx, input }: { ctx: TenantContext; input: MetricsQueryInput }): Promise<MetricsAnswer> {
  assertPastAsOf(input, "asOf");
  return withTenant(ctx.tenant.id, (tx) => runMetricsQuery(tx, input, { cache: bucketCacheFor(ctx.db) }), { db: ctx.db });
}

/**
 * POST /api/metrics/query: several chart queries (a dashboard's widgets) in one request and one
 * transaction: one series lookup for those chosen by id, one statement per source for the points.
 * A query whose selection is refused (too many series, no resource of its own) gets its own
 * error and the others still answer.
 */
export async function queryMetricBatch({ ctx, input }: { ctx: TenantContext; input: MetricsBatchInput }): Promise<MetricsBatchAnswer> {
  input.queries.forEach((q, i) => assertPastAsOf(q, `queries.${i}.asOf`));
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const { selections, rows } = await selectAll(tx, input.queries);
      const items = selections.flatMap((s, i) => ("error" in s ? [] : [{ selected: s.selected, q: input.queries[i] }]));
      const answered = (await answerSelected(tx, items, { cache: bucketCacheFor(ctx.db), series: rows })).values();
      return { results: selections.map((s) => ("error" in s ? s : answered.next().value!)) };
    },
    { db: ctx.db },
  );
}

/** Each query's series; queries by series id that name the same moment share one lookup. */
async function selectAll(tx: Tx, queries: MetricsQueryInput[]): Promise<{ selections: ({ selected: ResolvedSeries[] } | BatchError)[]; rows: SeriesRow[] }> {
  const selections: ({ selected: ResolvedSeries[] } | BatchError)[] = [];
  const rows: SeriesRow[] = [];
  const moments = queries.map(validAtOf);
  const byMoment = new Map<string, number[]>();
  queries.forEach((q, i) => {
    if (!q.seriesIds) return;
    const key = `${moments[i].getTime()}|${q.asOf?.getTime() ?? ""}`;
    byMoment.set(key, [...(byMoment.get(key) ?? []), i]);
  });
  for (const indexes of byMoment.values()) {
    const found = await seriesByIdLists(tx, indexes.map((i) => queries[i].seriesIds ?? []), moments[indexes[0]], queries[indexes[0]].asOf);
    indexes.forEach((i, k) => (selections[i] = { selected: found.lists[k] }));
    rows.push(...found.rows);
  }
  for (const [i, q] of queries.entries()) {
    if (q.seriesIds) continue;
    try {
      const found = await select(tx, q, moments[i]);
      selections[i] = { selected: found.selected };
      rows.push(...found.rows);
    } catch (error) {
      // Refusals are thrown before any statement fails, so the transaction is still usable.
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      selections[i] = { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } };
    }
  }
  return { selections, rows };
}
