import { runningInterval } from "./instance-state";
import { bytesPerSample, fillPercent, loadPercent, opsPerSample } from "./metric-generators";
import { type Dimension, type MetricSeries, seriesKey } from "./metric-series";
import type { Scenario } from "./scenario";
import type { SimCluster, SimInstance } from "./scenario-types";

export interface MetricCatalog {
  /** Every series in the region, in a stable order (ListMetrics pages over it). */
  series: MetricSeries[];
  byKey: Map<string, MetricSeries>;
}

const EC2_BASIC = 300;
const ONE_MINUTE = 60;

function add(out: MetricSeries[], partial: Omit<MetricSeries, "key">): void {
  out.push({ ...partial, key: seriesKey(partial.namespace, partial.metricName, partial.dimensions) });
}

function instanceSeries(out: MetricSeries[], seed: number, instance: SimInstance): void {
  const { from, until } = runningInterval(instance);
  const dims: Dimension[] = [{ Name: "InstanceId", Value: instance.instanceId }];
  const key = instance.key;
  const cpu = (t: number): number => loadPercent(instance.cpu, seed, key, 1, t);
  const base = { dimensions: dims, from, until };
  const ec2 = (metricName: string, unit: string, resolution: number, sample: (t: number) => number): void =>
    add(out, { ...base, namespace: "AWS/EC2", metricName, unit, resolution, sample });
  ec2("CPUUtilization", "Percent", EC2_BASIC, cpu);
  ec2("NetworkIn", "Bytes", EC2_BASIC, (t) => bytesPerSample(cpu(t), 9_000, seed, key, 2, t, EC2_BASIC));
  ec2("NetworkOut", "Bytes", EC2_BASIC, (t) => bytesPerSample(cpu(t), 6_000, seed, key, 3, t, EC2_BASIC));
  // Nitro instances report EBS traffic here only for instance-store volumes, so these stay small.
  ec2("DiskReadBytes", "Bytes", EC2_BASIC, (t) => bytesPerSample(cpu(t), 40, seed, key, 4, t, EC2_BASIC));
  ec2("DiskWriteBytes", "Bytes", EC2_BASIC, (t) => bytesPerSample(cpu(t), 90, seed, key, 5, t, EC2_BASIC));
  ec2("DiskReadOps", "Count", EC2_BASIC, (t) => opsPerSample(cpu(t), 0.02, seed, key, 6, t, EC2_BASIC));
  ec2("DiskWriteOps", "Count", EC2_BASIC, (t) => opsPerSample(cpu(t), 0.05, seed, key, 7, t, EC2_BASIC));
  for (const name of ["StatusCheckFailed", "StatusCheckFailed_Instance", "StatusCheckFailed_System"]) {
    ec2(name, "Count", ONE_MINUTE, () => 0);
  }
  if (!instance.cwAgent) return;
  const launchSec = instance.launchTime.getTime() / 1000;
  add(out, {
    ...base, namespace: "CWAgent", metricName: "mem_used_percent", unit: "Percent", resolution: ONE_MINUTE,
    sample: (t) => Math.min(98, 25 + cpu(t) * 0.55 + (key % 20)),
  });
  add(out, {
    ...base, namespace: "CWAgent", metricName: "disk_used_percent", unit: "Percent", resolution: ONE_MINUTE,
    // The agent's disk plugin adds path, device and fstype to the appended InstanceId.
    dimensions: [
      { Name: "InstanceId", Value: instance.instanceId },
      { Name: "path", Value: "/" },
      { Name: "device", Value: "nvme0n1p1" },
      { Name: "fstype", Value: "xfs" },
    ],
    sample: (t) => fillPercent(20 + (key % 30), 0.04, launchSec, seed, key, 8, t),
  });
}

function clusterSeries(out: MetricSeries[], seed: number, cluster: SimCluster, nodes: SimInstance[]): void {
  const ns = "ContainerInsights";
  const clusterDim: Dimension = { Name: "ClusterName", Value: cluster.name };
  const from = cluster.createdAt.getTime();
  const nodeCpu = (node: SimInstance, t: number): number => Math.min(100, loadPercent(node.cpu, seed, node.key, 1, t) * 0.9 + 3);
  const nodeMem = (node: SimInstance, t: number): number => Math.min(100, 40 + nodeCpu(node, t) * 0.4);
  const nodeFs = (node: SimInstance, t: number): number =>
    fillPercent(25, 0.3, node.launchTime.getTime() / 1000, seed, node.key, 9, t);
  const live = (t: number): SimInstance[] => nodes.filter((n) => {
    const { from: start, until } = runningInterval(n);
    return t * 1000 >= start && (until === null || t * 1000 < until);
  });
  const average = (t: number, f: (node: SimInstance, t: number) => number): number => {
    const running = live(t);
    return running.length ? running.reduce((sum, n) => sum + f(n, t), 0) / running.length : 0;
  };
  const clusterMetric = (metricName: string, unit: string, sample: (t: number) => number): void =>
    add(out, { namespace: ns, metricName, unit, resolution: ONE_MINUTE, dimensions: [clusterDim], from, until: null, sample });
  clusterMetric("cluster_node_count", "Count", (t) => live(t).length);
  clusterMetric("cluster_failed_node_count", "Count", () => 0);
  clusterMetric("node_cpu_utilization", "Percent", (t) => average(t, nodeCpu));
  clusterMetric("node_memory_utilization", "Percent", (t) => average(t, nodeMem));
  clusterMetric("node_filesystem_utilization", "Percent", (t) => average(t, nodeFs));

  for (const node of nodes) {
    const { from: start, until } = runningInterval(node);
    const dims = [clusterDim, { Name: "InstanceId", Value: node.instanceId }, { Name: "NodeName", Value: node.privateDnsName }];
    const nodeMetric = (metricName: string, f: (node: SimInstance, t: number) => number): void =>
      add(out, { namespace: ns, metricName, unit: "Percent", resolution: ONE_MINUTE, dimensions: dims, from: start, until, sample: (t) => f(node, t) });
    nodeMetric("node_cpu_utilization", nodeCpu);
    nodeMetric("node_memory_utilization", nodeMem);
    nodeMetric("node_filesystem_utilization", nodeFs);
  }

  const podCpu: Array<(t: number) => number> = [];
  for (const pod of cluster.pods) {
    const dims = [clusterDim, { Name: "Namespace", Value: pod.namespace }, { Name: "PodName", Value: pod.podName }];
    const since = pod.crashLoopSince ? pod.crashLoopSince.getTime() / 1000 : null;
    const crashing = (t: number): boolean => since !== null && t >= since;
    const cpu = (t: number): number => (crashing(t) ? 0.5 : loadPercent(pod.cpu, seed, pod.key, 11, t) / 4);
    podCpu.push(cpu);
    const podMetric = (metricName: string, unit: string, sample: (t: number) => number): void =>
      add(out, { namespace: ns, metricName, unit, resolution: ONE_MINUTE, dimensions: dims, from, until: null, sample });
    podMetric("pod_cpu_utilization", "Percent", cpu);
    podMetric("pod_memory_utilization", "Percent", (t) => (crashing(t) ? 1 : 10 + cpu(t) * 0.8 + (pod.key % 10)));
    // CrashLoopBackOff caps the restart back-off at five minutes: about 12 restarts an hour.
    podMetric("pod_number_of_container_restarts", "Count", (t) => (since !== null && t >= since ? 1 + Math.floor((t - since) / 300) : 0));
    podMetric("pod_container_status_waiting_reason_crash_loop_back_off", "Count", (t) => (crashing(t) ? 1 : 0));
  }
  add(out, {
    namespace: ns, metricName: "pod_cpu_utilization", unit: "Percent", resolution: ONE_MINUTE, dimensions: [clusterDim], from, until: null,
    sample: (t) => podCpu.reduce((sum, f) => sum + f(t), 0) / Math.max(1, podCpu.length),
  });
}

export function buildMetricCatalog(scenario: Scenario, region: string): MetricCatalog {
  const series: MetricSeries[] = [];
  for (const instance of scenario.instances) {
    if (instance.region === region) instanceSeries(series, scenario.seed, instance);
  }
  for (const cluster of scenario.clusters) {
    if (cluster.region !== region) continue;
    const nodes = scenario.instances.filter((i) => i.eks?.clusterName === cluster.name);
    clusterSeries(series, scenario.seed, cluster, nodes);
  }
  return { series, byKey: new Map(series.map((s) => [s.key, s])) };
}
