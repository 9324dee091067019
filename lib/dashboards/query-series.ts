import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant, type Tx } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { queryMetrics, type MetricQueryResult, type Resolution } from "@/lib/metrics";
import { parseDashboardRef } from "./dashboard-ref";
import { resolveSelection, seriesByIds, MAX_SELECTED_SERIES, type ResolvedSeries } from "./resolve-selection";
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

const DEFAULT_NAMESPACE: Record<z.infer<typeof MetricResourceKind>, string> = {
  ec2_instance: "AWS/EC2",
  eks_cluster: "ContainerInsights",
  eks_node: "ContainerInsights",
  eks_pod: "ContainerInsights",
};

async function select(tx: Tx, q: MetricsQueryInput, validAt: Date): Promise<ResolvedSeries[]> {
  if (q.seriesIds) return seriesByIds(tx, q.seriesIds, validAt, q.asOf);
  const kind = q.resourceKind ?? "ec2_instance";
  const metric = { namespace: q.namespace ?? DEFAULT_NAMESPACE[kind], metric: q.metric ?? "" };
  const [key, ...rest] = (q.tag ?? "").split(":");
  const selection: Selection = q.resourceIds ? { by: "resources", resourceKind: kind, resourceIds: q.resourceIds } : { by: "tag", resourceKind: kind, key, value: rest.join(":") };
  const dashboard = q.dashboard ? parseDashboardRef(q.dashboard) : undefined;
  return (await resolveSelection(tx, { selection, metrics: [metric], dashboard, validAt, asOf: q.asOf })).series;
}

/** Reads the selection's series, bucketed by queryMetrics (raw or rollups, ≤ maxPoints per series). */
export async function runMetricsQuery(tx: Tx, q: MetricsQueryInput): Promise<MetricsQueryResponse> {
  const validAt = new Date(Math.min(q.to.getTime(), (q.asOf ?? new Date()).getTime()));
  return querySelected(tx, await select(tx, q, validAt), q);
}

/** Bucketed points for series already selected (the API, and dashboards rendering on the server). */
export async function querySelected(
  tx: Tx,
  selected: ResolvedSeries[],
  q: { from: Date; to: Date; stat: MetricStat; step?: number; asOf?: Date; maxPoints?: number; limit?: number },
): Promise<MetricsQueryResponse> {
  const result: MetricQueryResult = await queryMetrics(tx, {
    seriesIds: selected.map((s) => s.id),
    from: q.from,
    to: q.to,
    stat: q.stat,
    ...(q.step ? { step: q.step } : {}),
    ...(q.asOf ? { asOf: q.asOf } : {}),
    ...(q.maxPoints ? { maxPoints: q.maxPoints } : {}),
  });
  const points = new Map(result.series.map((s) => [s.seriesId, s.points.map((p): [number, number] => [p.ts.getTime(), p.value])]));
  let series = selected.map((s) => ({ ...s, points: points.get(s.id) ?? [] }));
  if (q.limit !== undefined && series.length > q.limit) {
    // Busiest first: the series whose highest bucket is highest.
    const peak = (p: [number, number][]) => p.reduce((m, [, v]) => Math.max(m, v), Number.NEGATIVE_INFINITY);
    series = [...series].sort((a, b) => peak(b.points) - peak(a.points)).slice(0, q.limit);
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

/** The verb behind GET /api/metrics/query: any member may read. */
export async function queryMetricSeries({ ctx, input }: { ctx: TenantContext; input: MetricsQueryInput }): Promise<MetricsQueryResponse> {
  if (input.asOf && input.asOf.getTime() > Date.now() + 60_000) throw new ValidationError("asOf must not be in the future.", { asOf: "Must not be in the future." });
  return withTenant(ctx.tenant.id, (tx) => runMetricsQuery(tx, input), { db: ctx.db });
}
