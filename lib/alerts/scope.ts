import { sql } from "drizzle-orm";
import type { Tx } from "@/lib/db";
import { alertMetric, type AlertKind } from "./metric-catalog";
import type { Scope } from "./schemas";

/*
 * Which resources a scope covers, resolved for all rules of a tenant at once: one inventory query
 * (current versions of instances and clusters, with tags), one series query for the metrics the
 * rules use. Pods exist in Monitr only as Container Insights series, so "all pods" is every pod
 * whose series reported in the last hour; a pod that stops reporting leaves the scope. "The pods
 * of one cluster" is the same set narrowed by the id's "cluster/" prefix.
 */
export type ScopedResource = { id: string; name: string | null };

/** Instances that are expected to report; a stopped one leaves kind and tag scopes (and resolves). */
const LIVE_INSTANCE_STATES = new Set(["pending", "running"]);
export const POD_LIVENESS_SECONDS = 3600;

type InventoryRow = { id: string; name: string | null; state: string | null; tags: Record<string, string> };

export type ScopeIndex = {
  /** kind → resource id → its current inventory version (live or not), with tags. */
  inventory: Map<AlertKind, Map<string, InventoryRow>>;
  /** metric id → resource id → series ids (a metric belongs to one kind). */
  series: Map<string, Map<string, number[]>>;
  /** Resources with any series, by kind (pods come only from here). */
  seriesResources: Map<AlertKind, Set<string>>;
};

const NONE: number[] = [];

/** The series of one resource for one metric (several for a per-disk metric), or none. */
export function seriesOf(index: ScopeIndex, metricId: string, resourceId: string): number[] {
  return index.series.get(metricId)?.get(resourceId) ?? NONE;
}

export async function loadScopeIndex(tx: Tx, tenantId: string, metricIds: string[], now: Date): Promise<ScopeIndex> {
  const inventory = new Map<AlertKind, Map<string, InventoryRow>>();
  const resources = await tx.execute<{ kind: AlertKind; resource_id: string; name: string | null; state: string | null; tags: Record<string, string> }>(sql`
    select kind, resource_id, name, state, tags from resources
     where tenant_id = ${tenantId} and valid_to is null and recorded_to is null and kind in ('ec2_instance', 'eks_cluster')`);
  for (const r of resources.rows) {
    let byId = inventory.get(r.kind);
    if (!byId) inventory.set(r.kind, (byId = new Map()));
    byId.set(r.resource_id, { id: r.resource_id, name: r.name, state: r.state, tags: r.tags ?? {} });
  }
  const series = new Map<string, Map<string, number[]>>();
  const seriesResources = new Map<AlertKind, Set<string>>();
  const pairs = metricIds.map((id) => alertMetric(id)).filter((m) => m !== undefined);
  if (pairs.length) {
    const rows = await tx.execute<{ id: string; resource_kind: AlertKind; resource_id: string; metric_id: string; last_point_at: string | null }>(sql`
      select id, resource_kind, resource_id, namespace || '/' || metric as metric_id, last_point_at from series
       where tenant_id = ${tenantId}
         and (namespace, metric, resource_kind) in (select * from unnest(${sql.param(pairs.map((m) => m.namespace))}::text[], ${sql.param(pairs.map((m) => m.metric))}::text[], ${sql.param(pairs.map((m) => m.kind))}::text[]))`);
    const podCutoff = now.getTime() - POD_LIVENESS_SECONDS * 1000;
    for (const r of rows.rows) {
      let byResource = series.get(r.metric_id);
      if (!byResource) series.set(r.metric_id, (byResource = new Map()));
      const ids = byResource.get(r.resource_id);
      if (ids) ids.push(Number(r.id));
      else byResource.set(r.resource_id, [Number(r.id)]);
      if (r.resource_kind === "eks_pod" && !(r.last_point_at && new Date(r.last_point_at).getTime() >= podCutoff)) continue;
      const set = seriesResources.get(r.resource_kind) ?? new Set<string>();
      set.add(r.resource_id);
      seriesResources.set(r.resource_kind, set);
    }
  }
  return { inventory, series, seriesResources };
}

function candidates(index: ScopeIndex, kind: AlertKind): InventoryRow[] {
  if (kind === "eks_pod") return [...(index.seriesResources.get("eks_pod") ?? [])].map((id) => ({ id, name: id.split("/").pop() ?? id, state: null, tags: {} }));
  const rows = [...(index.inventory.get(kind)?.values() ?? [])];
  return kind === "ec2_instance" ? rows.filter((r) => r.state !== null && LIVE_INSTANCE_STATES.has(r.state)) : rows;
}

/** The resources a scope covers now. A single named resource is always in scope (No Data if it stopped reporting). */
export function resolveScope(index: ScopeIndex, scope: Scope): ScopedResource[] {
  if (scope.type === "resource") {
    const known = index.inventory.get(scope.kind)?.get(scope.resourceId);
    return [{ id: scope.resourceId, name: known?.name ?? (scope.kind === "eks_pod" ? (scope.resourceId.split("/").pop() ?? null) : null) }];
  }
  const all = candidates(index, scope.kind);
  const matching =
    scope.type === "kind"
      ? all
      : scope.type === "cluster"
        ? all.filter((r) => inCluster(r.id, scope.cluster))
        : all.filter((r) => scope.key in r.tags && (scope.value === "" || r.tags[scope.key] === scope.value));
  return matching.map((r) => ({ id: r.id, name: r.name }));
}

/** Whether a pod id ("cluster/namespace/pod") belongs to the cluster; the "/" keeps "prod" from matching "prod-2"'s pods. */
function inCluster(podId: string, cluster: string): boolean {
  return podId.startsWith(`${cluster}/`);
}
