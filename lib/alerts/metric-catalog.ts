/*
 * The metrics a rule may watch, per resource kind. They mirror what collection stores
 * (lib/collect/metrics/templates.ts): AWS/EC2 by template every 5 minutes, CWAgent and Container
 * Insights every minute where an agent publishes them. A metric id is "<namespace>/<metric>".
 */
export const ALERT_KINDS = ["ec2_instance", "eks_cluster", "eks_pod"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const KIND_LABELS: Record<AlertKind, { one: string; many: string }> = {
  ec2_instance: { one: "EC2 instance", many: "EC2 instances" },
  eks_cluster: { one: "EKS cluster", many: "EKS clusters" },
  eks_pod: { one: "EKS pod", many: "EKS pods" },
};

export type AlertMetric = {
  id: string;
  namespace: string;
  metric: string;
  label: string;
  kind: AlertKind;
  unit: "Percent" | "Count" | "Bytes";
  /** The collection period: windows and durations shorter than this see no data. */
  periodSeconds: number;
  /** Only where an agent publishes it (CloudWatch agent, Container Insights). */
  agent?: string;
};

const m = (namespace: string, metric: string, label: string, kind: AlertKind, unit: AlertMetric["unit"], periodSeconds: number, agent?: string): AlertMetric => ({
  id: `${namespace}/${metric}`,
  namespace,
  metric,
  label,
  kind,
  unit,
  periodSeconds,
  ...(agent ? { agent } : {}),
});

export const ALERT_METRICS: readonly AlertMetric[] = [
  m("AWS/EC2", "CPUUtilization", "CPU utilization", "ec2_instance", "Percent", 300),
  m("AWS/EC2", "StatusCheckFailed", "Status check failed", "ec2_instance", "Count", 300),
  m("AWS/EC2", "NetworkIn", "Network in", "ec2_instance", "Bytes", 300),
  m("AWS/EC2", "NetworkOut", "Network out", "ec2_instance", "Bytes", 300),
  m("AWS/EC2", "DiskReadBytes", "Disk read", "ec2_instance", "Bytes", 300),
  m("AWS/EC2", "DiskWriteBytes", "Disk write", "ec2_instance", "Bytes", 300),
  m("AWS/EC2", "DiskReadOps", "Disk read operations", "ec2_instance", "Count", 300),
  m("AWS/EC2", "DiskWriteOps", "Disk write operations", "ec2_instance", "Count", 300),
  m("CWAgent", "mem_used_percent", "Memory used", "ec2_instance", "Percent", 60, "the CloudWatch agent"),
  m("CWAgent", "disk_used_percent", "Disk used", "ec2_instance", "Percent", 60, "the CloudWatch agent"),
  m("ContainerInsights", "cluster_node_count", "Nodes", "eks_cluster", "Count", 60, "Container Insights"),
  m("ContainerInsights", "cluster_failed_node_count", "Failed nodes", "eks_cluster", "Count", 60, "Container Insights"),
  m("ContainerInsights", "node_cpu_utilization", "Node CPU utilization", "eks_cluster", "Percent", 60, "Container Insights"),
  m("ContainerInsights", "node_memory_utilization", "Node memory utilization", "eks_cluster", "Percent", 60, "Container Insights"),
  m("ContainerInsights", "node_filesystem_utilization", "Node filesystem utilization", "eks_cluster", "Percent", 60, "Container Insights"),
  m("ContainerInsights", "pod_cpu_utilization", "Pod CPU utilization", "eks_pod", "Percent", 60, "Container Insights"),
  m("ContainerInsights", "pod_memory_utilization", "Pod memory utilization", "eks_pod", "Percent", 60, "Container Insights"),
  m("ContainerInsights", "pod_number_of_container_restarts", "Container restarts", "eks_pod", "Count", 60, "Container Insights"),
  m("ContainerInsights", "pod_container_status_waiting_reason_crash_loop_back_off", "Containers in CrashLoopBackOff", "eks_pod", "Count", 60, "Container Insights"),
];

const BY_ID = new Map(ALERT_METRICS.map((metric) => [metric.id, metric]));

export function alertMetric(id: string): AlertMetric | undefined {
  return BY_ID.get(id);
}

export function metricsForKind(kind: AlertKind): AlertMetric[] {
  return ALERT_METRICS.filter((metric) => metric.kind === kind);
}

/** Every window divides the next, so a rule's conditions with different windows share one tick grid. */
export const WINDOWS_SECONDS = [60, 300, 900, 1800, 3600] as const;

export function formatValue(value: number, unit: AlertMetric["unit"]): string {
  if (unit === "Percent") return `${round(value)} %`;
  if (unit === "Bytes") {
    const units = ["B", "KB", "MB", "GB", "TB"];
    let v = value;
    let i = 0;
    while (Math.abs(v) >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return `${round(v)} ${units[i]}`;
  }
  return round(value);
}

function round(v: number): string {
  return Number.isInteger(v) ? String(v) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

export function formatSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
