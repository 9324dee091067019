import { listSeries } from "@/lib/metrics";
import { attr, attrNumber, inventoryAt, inventoryMoment } from "../inventory";
import { latestValues } from "../metric-helpers";
import type { Panel, PanelArgs } from "./types";

const RECENT_MS = 15 * 60_000;

/** Pods of a cluster that report a metric, by series id (Container Insights names the cluster in a dimension). */
async function podSeries(args: PanelArgs, metric: string, cluster?: string) {
  const rows = await listSeries(args.tx, { resourceKind: "eks_pod", namespace: "ContainerInsights", metric });
  return rows.filter((s) => cluster === undefined || s.dimensions.ClusterName === cluster);
}

async function crashLooping(args: PanelArgs, cluster?: string) {
  const series = await podSeries(args, "pod_container_status_waiting_reason_crash_loop_back_off", cluster);
  const latest = await latestValues(args.tx, { seriesIds: series.map((s) => s.id), to: args.to, asOf: args.asOf, stat: "max", windowMs: RECENT_MS });
  return { series, looping: series.filter((s) => (latest.get(s.id) ?? 0) >= 1) };
}

export const eksHealth: Panel<"eks-health"> = {
  needsTarget: null,
  async load(args) {
    const clusters = await inventoryAt(args.tx, { kind: "eks_cluster", validAt: inventoryMoment(args), asOf: args.asOf });
    const names = clusters.map((c) => c.resourceId);
    const nodeSeries = await listSeries(args.tx, { resourceKind: "eks_cluster", namespace: "ContainerInsights", metric: "cluster_node_count", resourceIds: names });
    const failedSeries = await listSeries(args.tx, { resourceKind: "eks_cluster", namespace: "ContainerInsights", metric: "cluster_failed_node_count", resourceIds: names });
    const latest = await latestValues(args.tx, { seriesIds: [...nodeSeries, ...failedSeries].map((s) => s.id), to: args.to, asOf: args.asOf, stat: "max", windowMs: RECENT_MS });
    const { looping } = await crashLooping(args);
    const value = (rows: typeof nodeSeries, c: { resourceId: string; region: string }) => {
      const s = rows.find((r) => r.resourceId === c.resourceId && r.region === c.region);
      return s ? (latest.get(s.id) ?? null) : null;
    };
    return {
      clusters: clusters.map((c) => ({
        name: c.resourceId,
        region: c.region,
        status: c.state,
        version: attr(c, "version"),
        nodes: value(nodeSeries, c),
        failedNodes: value(failedSeries, c),
        crashLooping: looping.filter((s) => s.dimensions.ClusterName === c.resourceId).length,
      })),
    };
  },
};

export const crashLoopPods: Panel<"crashloop-pods"> = {
  needsTarget: "eks-cluster",
  async load(args) {
    const { series, looping } = await crashLooping(args, args.target);
    const restartSeries = await podSeries(args, "pod_number_of_container_restarts", args.target);
    const restarts = await latestValues(args.tx, { seriesIds: restartSeries.map((s) => s.id), to: args.to, asOf: args.asOf, stat: "max", windowMs: RECENT_MS });
    const pods = looping.map((s) => {
      const r = restartSeries.find((x) => x.resourceId === s.resourceId);
      return { namespace: s.dimensions.Namespace ?? "default", pod: s.dimensions.PodName ?? s.resourceId, restarts: r ? (restarts.get(r.id) ?? null) : null };
    });
    pods.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod));
    return { pods, podsWatched: series.length };
  },
};

export const nodeGroups: Panel<"node-groups"> = {
  needsTarget: "eks-cluster",
  async load(args) {
    const groups = await inventoryAt(args.tx, { kind: "eks_nodegroup", validAt: inventoryMoment(args), asOf: args.asOf });
    return {
      groups: groups
        .filter((g) => attr(g, "clusterName") === args.target)
        .map((g) => {
          const types = g.attributes.instanceTypes;
          return {
            name: g.name ?? g.resourceId,
            status: g.state,
            min: attrNumber(g, "minSize"),
            max: attrNumber(g, "maxSize"),
            desired: attrNumber(g, "desiredSize"),
            instanceTypes: Array.isArray(types) ? types.filter((t): t is string => typeof t === "string") : [],
            capacityType: attr(g, "capacityType"),
          };
        }),
    };
  },
};
