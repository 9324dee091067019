import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { listSeries, type SeriesRow } from "@/lib/metrics";
import { inventoryAt, resourceNames } from "./inventory";
import type { DashboardRef } from "./dashboard-ref";
import type { MetricRef, Selection } from "./schemas";

export type ResolvedSeries = {
  id: number;
  resourceKind: string;
  resourceId: string;
  namespace: string;
  metric: string;
  unit: string;
  dimensions: Record<string, string>;
  label: string;
};

/** At most this many series are read for one widget or query; more are refused, not silently cut. */
export const MAX_SELECTED_SERIES = 200;

type Memo = <T>(key: string, compute: () => Promise<T>) => Promise<T>;
const noMemo: Memo = (_key, compute) => compute();

// Dimensions that only repeat the resource's identity; the rest (a disk's path) go into the label.
const IDENTITY_DIMENSIONS = new Set(["InstanceId", "ClusterName", "NodeName", "Namespace", "PodName", "device", "fstype", "ImageId", "InstanceType"]);

function selfResource(dashboard: DashboardRef | undefined): { resourceKind: string; resourceId: string } {
  if (dashboard?.kind === "ec2-instance") return { resourceKind: "ec2_instance", resourceId: dashboard.target };
  if (dashboard?.kind === "eks-cluster") return { resourceKind: "eks_cluster", resourceId: dashboard.target };
  throw new ValidationError("This dashboard has no resource of its own; pick resources or a tag.", { selection: "Pick resources or a tag." });
}

/**
 * Names of the instances the labels show: a legend names the resource only when a list holds
 * several (labelSeries), so a one-instance chart needs no lookup.
 */
async function instanceNames(tx: Tx, lists: SeriesRow[][], validAt: Date, asOf?: Date): Promise<Map<string, string>> {
  const shown = lists.filter((rows) => new Set(rows.map((r) => `${r.resourceKind}|${r.resourceId}`)).size > 1).flat();
  const ids = [...new Set(shown.filter((s) => s.resourceKind === "ec2_instance").map((s) => s.resourceId))];
  return ids.length ? resourceNames(tx, { kind: "ec2_instance", ids, validAt, asOf }) : new Map();
}

/** The series a widget's selection names, one metric at a time, with legend labels. */
export async function resolveSelection(
  tx: Tx,
  args: { selection: Selection; metrics: MetricRef[]; dashboard?: DashboardRef; validAt: Date; asOf?: Date; memo?: Memo },
): Promise<{ series: ResolvedSeries[]; missing: MetricRef[]; rows: SeriesRow[] }> {
  const memo = args.memo ?? noMemo;
  const found: SeriesRow[] = [];
  const missing: MetricRef[] = [];
  for (const m of args.metrics) {
    const rows = await seriesFor(tx, args, m, memo);
    if (rows.length === 0) missing.push(m);
    found.push(...rows);
    if (found.length > MAX_SELECTED_SERIES) {
      throw new ValidationError(`The selection matches more than ${MAX_SELECTED_SERIES} series; narrow it down.`, { selection: `At most ${MAX_SELECTED_SERIES} series.` });
    }
  }
  const names = await instanceNames(tx, [found], args.validAt, args.asOf);
  return { series: labelSeries(found, names), missing, rows: found };
}

async function seriesFor(tx: Tx, args: { selection: Selection; dashboard?: DashboardRef; validAt: Date; asOf?: Date }, m: MetricRef, memo: Memo): Promise<SeriesRow[]> {
  const s = args.selection;
  const base = { namespace: m.namespace, metric: m.metric };
  switch (s.by) {
    case "self": {
      const self = selfResource(args.dashboard);
      return listSeries(tx, { ...base, resourceKind: self.resourceKind, resourceIds: [self.resourceId] });
    }
    case "resources":
      return listSeries(tx, { ...base, resourceKind: s.resourceKind, resourceIds: s.resourceIds });
    case "tag": {
      // Tags live on the inventory (instances, clusters), so the tagged set is the one listed at the view's moment.
      const kind = s.resourceKind === "eks_cluster" ? "eks_cluster" : "ec2_instance";
      const tagged = await memo(`tag:${kind}:${s.key}=${s.value}`, async () =>
        (await inventoryAt(tx, { kind, validAt: args.validAt, asOf: args.asOf })).filter((r) => r.tags[s.key] === s.value).map((r) => r.resourceId),
      );
      return tagged.length ? listSeries(tx, { ...base, resourceKind: kind, resourceIds: tagged }) : [];
    }
    case "cluster-children": {
      const cluster = s.cluster ?? (args.dashboard?.kind === "eks-cluster" ? args.dashboard.target : undefined);
      if (!cluster) throw new ValidationError("Only an EKS cluster dashboard has nodes and pods of its own.", { selection: "Pick resources or a tag." });
      return (await listSeries(tx, { ...base, resourceKind: s.childKind })).filter((row) => row.dimensions.ClusterName === cluster);
    }
  }
}

function labelSeries(rows: SeriesRow[], names: Map<string, string>): ResolvedSeries[] {
  const resources = new Set(rows.map((r) => `${r.resourceKind}|${r.resourceId}`));
  const metrics = new Set(rows.map((r) => `${r.namespace}|${r.metric}`));
  return rows.map((r) => {
    const resource = r.resourceKind === "eks_pod" ? r.resourceId.split("/").slice(1).join("/") : (names.get(r.resourceId) ?? r.resourceId);
    const extra = Object.entries(r.dimensions)
      .filter(([k]) => !IDENTITY_DIMENSIONS.has(k))
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const parts = [resources.size > 1 ? resource : null, metrics.size > 1 || resources.size <= 1 ? r.metric : null].filter(Boolean);
    return {
      id: r.id,
      resourceKind: r.resourceKind,
      resourceId: r.resourceId,
      namespace: r.namespace,
      metric: r.metric,
      unit: r.unit,
      dimensions: r.dimensions,
      label: `${parts.join(" · ")}${extra ? ` (${extra})` : ""}`,
    };
  });
}

type SeriesRecord = {
  id: string;
  tenant_id: string;
  connection_id: string;
  region: string;
  resource_kind: string;
  resource_id: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: string;
  unit: string;
  period_seconds: number;
  /** Epoch ms: drizzle hands raw timestamptz values over as strings. */
  last_ms: number | null;
};

/**
 * This tenant's series rows by id (RLS and the WHERE clause). Plain SQL rather than drizzle's
 * select builder: this lookup runs on every chart query, and the builder cost 0.4 ms of CPU per
 * call there, a third of the query server's CPU per request (measured, bench/dashboards).
 */
async function seriesRowsByIds(tx: Tx, ids: number[]): Promise<SeriesRow[]> {
  const result = await tx.execute<SeriesRecord>(sql`
    select id, tenant_id, connection_id, region, resource_kind, resource_id, namespace, metric, dimensions, stat, unit, period_seconds,
           (extract(epoch from last_point_at) * 1000)::float8 as last_ms
      from series where tenant_id = app_current_tenant() and id = any(${sql.param(ids)}::int8[])`);
  return result.rows.map((r) => ({
    id: Number(r.id),
    tenantId: r.tenant_id,
    connectionId: r.connection_id,
    region: r.region,
    resourceKind: r.resource_kind,
    resourceId: r.resource_id,
    namespace: r.namespace,
    metric: r.metric,
    dimensions: r.dimensions,
    stat: r.stat,
    unit: r.unit,
    periodSeconds: r.period_seconds,
    lastPointAt: r.last_ms === null ? null : new Date(r.last_ms),
  }));
}

/** Series by id, only this tenant's (RLS and the WHERE clause), labelled like a selection. */
export async function seriesByIds(tx: Tx, ids: number[], validAt: Date, asOf?: Date): Promise<ResolvedSeries[]> {
  return (await seriesByIdLists(tx, [ids], validAt, asOf)).lists[0];
}

/**
 * Several id lists (a dashboard's widgets) with one series lookup and one name lookup; each list
 * labelled on its own. Also returns the rows read.
 */
export async function seriesByIdLists(tx: Tx, lists: number[][], validAt: Date, asOf?: Date): Promise<{ lists: ResolvedSeries[][]; rows: SeriesRow[] }> {
  const ids = [...new Set(lists.flat())];
  if (ids.length === 0) return { lists: lists.map(() => []), rows: [] };
  const rows = await seriesRowsByIds(tx, ids);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const found = lists.map((list) => list.map((id) => byId.get(id)).filter((r): r is SeriesRow => r !== undefined));
  const names = await instanceNames(tx, found, validAt, asOf);
  return { lists: found.map((list) => labelSeries(list, names)), rows };
}
