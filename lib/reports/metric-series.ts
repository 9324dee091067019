import { sql, type SQL } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { getDashboard, parseDashboardRef, resolveSelection, type MetricRef } from "@/lib/dashboards";
import type { Tx } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import type { MetricsReportRequest } from "./schemas";

/** One series a metrics report reads, with what its rows and legends say. */
export type ReportSeries = {
  id: number;
  resourceKind: string;
  resourceId: string;
  /** The resource's Name tag (instances) when it has one. */
  resourceName: string | null;
  namespace: string;
  /** The metric, with any dimension beyond the resource's identity: `disk_used_percent (path=/)`. */
  metric: string;
  unit: string;
  /** CloudWatch statistic of the stored points ("Average"). */
  stat: string;
  periodSeconds: number;
};

/** Most series one report reads: a CSV row set or PDF summary beyond this is not a report anyone reads. */
export const MAX_REPORT_SERIES = 1000;

const IDENTITY_DIMENSIONS = new Set(["InstanceId", "ClusterName", "NodeName", "Namespace", "PodName", "device", "fstype", "ImageId", "InstanceType"]);
const TAGGED_KINDS: Record<string, string> = { ec2_instance: "ec2_instance", eks_cluster: "eks_cluster", eks_node: "eks_cluster", eks_pod: "eks_cluster" };

export const seriesLabel = (s: Pick<ReportSeries, "resourceName" | "resourceId" | "metric">) => `${s.resourceName ? `${s.resourceName} (${s.resourceId})` : s.resourceId} · ${s.metric}`;

const wanted = (metrics: MetricRef[]) => (m: { namespace: string; metric: string }) => metrics.length === 0 || metrics.some((x) => x.namespace === m.namespace && x.metric === m.metric);

/** Known-at condition on the bitemporal inventory. */
function knownAt(asOf: Date | undefined): SQL {
  const at = (asOf ?? new Date()).toISOString();
  return sql`recorded_from <= ${at}::timestamptz and (recorded_to is null or recorded_to > ${at}::timestamptz)`;
}

/** Resources carrying key=value at any moment of [from, to) (not only at its end: a report covers the whole range). */
async function taggedResources(tx: Tx, kind: string, key: string, value: string, range: { from: Date; to: Date; asOf?: Date }): Promise<string[]> {
  const rows = await tx.execute<{ resource_id: string }>(sql`
    select distinct resource_id from resources
     where tenant_id = app_current_tenant() and kind = ${kind} and tags ->> ${key} = ${value}
       and valid_from < ${range.to.toISOString()}::timestamptz and (valid_to is null or valid_to > ${range.from.toISOString()}::timestamptz)
       and ${knownAt(range.asOf)}`);
  return rows.rows.map((r) => r.resource_id);
}

async function idsForSource(tx: Tx, ctx: TenantContext, request: MetricsReportRequest, range: { from: Date; to: Date; asOf?: Date }, dashboardWidgets: DashboardWidgets | null): Promise<number[]> {
  const source = request.source;
  const keep = wanted(request.metrics);
  if (source.by === "dashboard") {
    if (!dashboardWidgets) return [];
    const ids: number[] = [];
    for (const w of dashboardWidgets.widgets) {
      const metrics = w.metrics.filter(keep);
      if (metrics.length === 0) continue;
      const { series } = await resolveSelection(tx, { selection: w.selection, metrics, dashboard: dashboardWidgets.ref, validAt: range.to, ...(range.asOf ? { asOf: range.asOf } : {}) });
      ids.push(...series.map((s) => s.id));
      if (ids.length > MAX_REPORT_SERIES) break;
    }
    return ids;
  }
  const resourceIds =
    source.by === "resources" ? source.resourceIds : await taggedResources(tx, TAGGED_KINDS[source.resourceKind] ?? "ec2_instance", source.key, source.value, range);
  if (resourceIds.length === 0) return [];
  // A tag names instances or clusters; a node or pod report follows its cluster's tag.
  const byCluster = source.by === "tag" && TAGGED_KINDS[source.resourceKind] !== source.resourceKind;
  const rows = await tx.execute<{ id: string; namespace: string; metric: string }>(sql`
    select id, namespace, metric from series
     where tenant_id = app_current_tenant() and resource_kind = ${source.resourceKind}
       and ${byCluster ? sql`dimensions ->> 'ClusterName' = any(${sql.param(resourceIds)}::text[])` : sql`resource_id = any(${sql.param(resourceIds)}::text[])`}
     order by id`);
  return rows.rows.filter(keep).map((r) => Number(r.id));
}

type DashboardWidgets = { ref: ReturnType<typeof parseDashboardRef>; name: string; widgets: { selection: Parameters<typeof resolveSelection>[1]["selection"]; metrics: MetricRef[] }[] };

/** A dashboard's metric widgets (read before the report's transaction: getDashboard opens its own). */
export async function loadDashboardWidgets(ctx: TenantContext, request: MetricsReportRequest): Promise<DashboardWidgets | null> {
  if (request.source.by !== "dashboard") return null;
  const dashboard = await getDashboard({ ctx, ref: request.source.dashboard });
  const widgets = dashboard.widgets.flatMap((w) => (w.type === "metric" ? [{ selection: w.selection, metrics: w.metrics }] : []));
  return { ref: parseDashboardRef(request.source.dashboard), name: dashboard.name, widgets };
}

/** The report's series, ordered by resource then metric, with names from the inventory. */
export async function resolveReportSeries(
  tx: Tx,
  ctx: TenantContext,
  request: MetricsReportRequest,
  range: { from: Date; to: Date; asOf?: Date },
  dashboardWidgets: DashboardWidgets | null,
): Promise<ReportSeries[]> {
  const ids = [...new Set(await idsForSource(tx, ctx, request, range, dashboardWidgets))];
  if (ids.length > MAX_REPORT_SERIES) {
    throw new ValidationError(`The selection has more than ${MAX_REPORT_SERIES} series; pick fewer resources or metrics.`, { source: `At most ${MAX_REPORT_SERIES} series per report.` });
  }
  if (ids.length === 0) return [];
  const rows = await tx.execute<{ id: string; resource_kind: string; resource_id: string; namespace: string; metric: string; unit: string; stat: string; period_seconds: number; dimensions: Record<string, string>; name: string | null }>(sql`
    select s.id, s.resource_kind, s.resource_id, s.namespace, s.metric, s.unit, s.stat, s.period_seconds, s.dimensions, n.name
      from series s
      left join lateral (
        select r.name from resources r
         where r.tenant_id = s.tenant_id and r.resource_id = s.resource_id and r.name is not null
         order by r.valid_from desc limit 1) n on true
     where s.tenant_id = app_current_tenant() and s.id = any(${sql.param(ids)}::int8[])`);
  return rows.rows
    .map((r) => {
      const extra = Object.entries(r.dimensions)
        .filter(([k]) => !IDENTITY_DIMENSIONS.has(k))
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
      return {
        id: Number(r.id),
        resourceKind: r.resource_kind,
        resourceId: r.resource_id,
        resourceName: r.name,
        namespace: r.namespace,
        metric: extra ? `${r.metric} (${extra})` : r.metric,
        unit: r.unit,
        stat: r.stat,
        periodSeconds: r.period_seconds,
      };
    })
    .sort((a, b) => a.resourceId.localeCompare(b.resourceId) || a.metric.localeCompare(b.metric) || a.id - b.id);
}

/** In words, for title pages and emails. */
export function describeSource(request: MetricsReportRequest, dashboardName: string | null): string {
  const s = request.source;
  const metrics = request.metrics.length ? request.metrics.map((m) => m.metric).join(", ") : "all metrics";
  if (s.by === "dashboard") return `Dashboard “${dashboardName ?? s.dashboard}” — ${metrics}`;
  if (s.by === "tag") return `Resources tagged ${s.key}=${s.value} — ${metrics}`;
  return `${s.resourceIds.length === 1 ? s.resourceIds[0] : `${s.resourceIds.length} resources`} — ${metrics}`;
}
