import { estimateResourceCosts, instanceSpec, resourceVersionsOverlapping } from "@/lib/allocation";
import type { Tx } from "@/lib/db";
import { listSeries, queryMetrics } from "@/lib/metrics";

/*
 * EKS cost by namespace. A cluster's cost is its nodes' cost (the EC2 instances tagged
 * eks:cluster-name, at list price × running hours in the window). Each namespace's share is the
 * mean of its CPU share and its memory share of the cluster's capacity, where a pod's use is
 * Container Insights' pod_cpu_utilization / pod_memory_utilization (percent of its node) averaged
 * over the window × the cluster's mean node size (the pod metrics do not name the node). Used,
 * not requested, resources: Container Insights' request metrics are not collected. What no
 * namespace uses is the cluster's idle capacity, its own line; if namespaces add up to more than
 * the capacity, shares are scaled down to 100 % and idle is zero.
 */
export const EKS_METHOD =
  "Node cost (on-demand list price × running hours of the cluster's EC2 nodes) split by each namespace's share of the cluster's CPU and memory, ½ CPU + ½ memory, from Container Insights pod_cpu_utilization and pod_memory_utilization averaged over the window (used, not requested); the unused rest is Idle capacity.";

export type NamespaceCost = { namespace: string; cpuShare: number; memoryShare: number; share: number; cost: number; pods: number };
export type ClusterCost = { cluster: string; region: string; nodes: number; nodeCost: number; vcpu: number; memoryGiB: number; namespaces: NamespaceCost[]; idle: { share: number; cost: number }; hasPodMetrics: boolean };

const noOwners: { assignments: []; rules: [] } = { assignments: [], rules: [] };

export async function eksCostByNamespace(tx: Tx, args: { tenantId: string; from: Date; to: Date }): Promise<ClusterCost[]> {
  const versions = await resourceVersionsOverlapping(tx, args.tenantId, args.from, args.to, ["ec2_instance", "eks_cluster"]);
  const clusters = [...new Map(versions.filter((v) => v.kind === "eks_cluster").map((v) => [`${v.connectionId}|${v.region}|${v.resourceId}`, v])).values()];
  const out: ClusterCost[] = [];
  for (const c of clusters) {
    const nodeVersions = versions.filter((v) => v.kind === "ec2_instance" && v.connectionId === c.connectionId && v.tags["eks:cluster-name"] === c.resourceId);
    const costs = estimateResourceCosts(nodeVersions, noOwners.assignments, noOwners.rules, args.from, args.to);
    const nodeCost = costs.reduce((a, n) => a + (n.estimate ?? 0), 0);
    const specs = costs.map((n) => instanceSpec(typeof n.attributes.instanceType === "string" ? n.attributes.instanceType : null)).filter((s) => s !== null);
    const live = costs.filter((n) => n.hours > 0).length || costs.length;
    const vcpu = specs.reduce((a, s) => a + s.vcpu, 0) * (live / Math.max(1, costs.length));
    const memoryGiB = specs.reduce((a, s) => a + s.memoryGiB, 0) * (live / Math.max(1, costs.length));
    const meanVcpu = specs.length ? specs.reduce((a, s) => a + s.vcpu, 0) / specs.length : 0;
    const meanMem = specs.length ? specs.reduce((a, s) => a + s.memoryGiB, 0) / specs.length : 0;
    const pods = (await listSeries(tx, { connectionId: c.connectionId, resourceKind: "eks_pod", namespace: "ContainerInsights" })).filter((s) => s.region === c.region && s.resourceId.startsWith(`${c.resourceId}/`));
    const byMetric = (metric: string) => pods.filter((s) => s.metric === metric);
    const mean = async (metric: string): Promise<Map<string, number>> => {
      const series = byMetric(metric);
      if (!series.length) return new Map();
      const r = await queryMetrics(tx, { seriesIds: series.map((s) => s.id), from: args.from, to: args.to, stat: "avg", maxPoints: 2 });
      return new Map(
        r.series.flatMap((s) => {
          const row = series.find((x) => x.id === s.seriesId);
          return row && s.points.length ? [[row.resourceId, s.points.reduce((a, p) => a + p.value, 0) / s.points.length] as const] : [];
        }),
      );
    };
    const [cpu, mem] = [await mean("pod_cpu_utilization"), await mean("pod_memory_utilization")];
    const namespaces = new Map<string, { cpu: number; mem: number; pods: Set<string> }>();
    for (const [pod, pct] of cpu) {
      const ns = pod.split("/")[1] ?? "default";
      const e = namespaces.get(ns) ?? { cpu: 0, mem: 0, pods: new Set<string>() };
      e.cpu += (pct / 100) * meanVcpu;
      e.pods.add(pod);
      namespaces.set(ns, e);
    }
    for (const [pod, pct] of mem) {
      const ns = pod.split("/")[1] ?? "default";
      const e = namespaces.get(ns) ?? { cpu: 0, mem: 0, pods: new Set<string>() };
      e.mem += (pct / 100) * meanMem;
      e.pods.add(pod);
      namespaces.set(ns, e);
    }
    const rows = [...namespaces.entries()].map(([namespace, e]) => {
      const cpuShare = vcpu > 0 ? e.cpu / vcpu : 0;
      const memoryShare = memoryGiB > 0 ? e.mem / memoryGiB : 0;
      return { namespace, cpuShare, memoryShare, share: (cpuShare + memoryShare) / 2, cost: 0, pods: e.pods.size };
    });
    const used = rows.reduce((a, r) => a + r.share, 0);
    const scale = used > 1 ? 1 / used : 1;
    for (const r of rows) {
      r.share *= scale;
      r.cost = nodeCost * r.share;
    }
    const idleShare = Math.max(0, 1 - used * scale);
    out.push({
      cluster: c.resourceId,
      region: c.region,
      nodes: costs.length,
      nodeCost,
      vcpu,
      memoryGiB,
      namespaces: rows.sort((a, b) => b.cost - a.cost),
      idle: { share: idleShare, cost: nodeCost * idleShare },
      hasPodMetrics: rows.length > 0,
    });
  }
  return out.sort((a, b) => b.nodeCost - a.nodeCost);
}

