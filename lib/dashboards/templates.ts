import type { ChartType, DashboardKind, MetricRef, MetricWidget, PanelName, PanelWidget, Selection, Widget } from "./schemas";
import type { MetricStat } from "@/lib/metrics";

/*
 * One template per generated dashboard kind (a registry: a missing kind is a type error). A
 * template's widgets select resources dynamically (the dashboard's own resource, its cluster's
 * pods, the whole fleet), so a dashboard follows the inventory without being regenerated, and a
 * customized copy keeps doing so.
 */
export type Template = {
  name: (target: string) => string;
  description: string;
  widgets: (target: string) => Widget[];
};

const panel = (id: string, title: string, name: PanelName, w: number, h: number): PanelWidget => ({ id, title, type: "panel", panel: name, w, h });

const ec2 = (metric: string): MetricRef => ({ namespace: "AWS/EC2", metric });
const agent = (metric: string): MetricRef => ({ namespace: "CWAgent", metric });
const insights = (metric: string): MetricRef => ({ namespace: "ContainerInsights", metric });

function chart(
  id: string,
  title: string,
  metrics: MetricRef[],
  stat: MetricStat,
  chartType: ChartType,
  options: { selection?: Selection; w?: number; h?: number; limit?: number } = {},
): MetricWidget {
  return {
    id,
    title,
    type: "metric",
    selection: options.selection ?? { by: "self" },
    metrics,
    stat,
    chart: chartType,
    w: options.w ?? 2,
    h: options.h ?? 2,
    ...(options.limit ? { limit: options.limit } : {}),
  };
}

export const TEMPLATES: Record<Exclude<DashboardKind, "custom">, Template> = {
  overview: {
    name: () => "Overview",
    description: "Instances, EKS clusters, busiest instances, alerts, spend against the budget and sync status.",
    widgets: () => [
      panel("instance-states", "Instances by state and region", "instance-states", 2, 1),
      panel("eks-health", "EKS clusters", "eks-health", 2, 1),
      panel("top-cpu", "Top 5 instances by CPU", "top-cpu", 2, 2),
      panel("cost-mtd", "Cost this month", "cost-mtd", 1, 2),
      panel("alerts", "Alerts firing", "alerts", 1, 2),
      panel("last-sync", "Last sync per connection", "last-sync", 4, 1),
    ],
  },
  "ec2-fleet": {
    name: () => "EC2 fleet",
    description: "Every instance with its CPU, network and status checks.",
    widgets: () => [panel("fleet", "Instances", "fleet-table", 4, 3)],
  },
  "ec2-instance": {
    name: (id) => `EC2 instance ${id}`,
    description: "CPU, network, disk, status checks, memory and disk space of one instance.",
    widgets: () => [
      panel("details", "Instance", "instance-details", 4, 1),
      chart("cpu", "CPU utilization", [ec2("CPUUtilization")], "avg", "area"),
      chart("cpu-peak", "CPU peak", [ec2("CPUUtilization")], "max", "number", { w: 1, h: 1 }),
      chart("status", "Status check failures", [ec2("StatusCheckFailed")], "max", "bar", { w: 1, h: 1 }),
      chart("network", "Network in / out", [ec2("NetworkIn"), ec2("NetworkOut")], "sum", "line"),
      chart("disk-ops", "Disk read / write operations", [ec2("DiskReadOps"), ec2("DiskWriteOps")], "sum", "line"),
      chart("disk-bytes", "Disk read / write bytes", [ec2("DiskReadBytes"), ec2("DiskWriteBytes")], "sum", "line"),
      chart("memory", "Memory used", [agent("mem_used_percent")], "avg", "line"),
      chart("disk-used", "Disk space used", [agent("disk_used_percent")], "max", "line"),
    ],
  },
  "eks-cluster": {
    name: (name) => `EKS cluster ${name}`,
    description: "Nodes, node and pod utilization, restarts, CrashLoopBackOff pods and node groups.",
    widgets: () => [
      chart("nodes", "Nodes", [insights("cluster_node_count")], "avg", "line", { w: 1, h: 1 }),
      chart("failed-nodes", "Failed nodes", [insights("cluster_failed_node_count")], "max", "number", { w: 1, h: 1 }),
      panel("node-groups", "Node groups", "node-groups", 2, 1),
      chart(
        "node-util",
        "Node CPU / memory / filesystem",
        [insights("node_cpu_utilization"), insights("node_memory_utilization"), insights("node_filesystem_utilization")],
        "avg",
        "line",
      ),
      panel("crashloop", "Pods in CrashLoopBackOff", "crashloop-pods", 2, 2),
      chart("pod-cpu", "Pod CPU (busiest 10)", [insights("pod_cpu_utilization")], "avg", "line", { selection: { by: "cluster-children", childKind: "eks_pod" }, limit: 10 }),
      chart("pod-memory", "Pod memory (busiest 10)", [insights("pod_memory_utilization")], "avg", "line", { selection: { by: "cluster-children", childKind: "eks_pod" }, limit: 10 }),
      chart("restarts", "Container restarts (top 10 pods)", [insights("pod_number_of_container_restarts")], "max", "bar", {
        selection: { by: "cluster-children", childKind: "eks_pod" },
        limit: 10,
        w: 4,
      }),
    ],
  },
  costs: {
    name: () => "Costs",
    description: "Daily spend with the month-end forecast, by service and tag, month over month against the budget, top drivers.",
    widgets: () => [
      panel("daily", "Daily spend and month-end forecast", "cost-daily", 4, 2),
      panel("by-service", "Spend by service", "cost-by-service", 2, 2),
      panel("by-tag", "Spend by tag", "cost-by-tag", 2, 2),
      panel("mom", "Month over month and budget", "cost-mom", 2, 2),
      panel("drivers", "Top cost drivers", "cost-drivers", 2, 2),
    ],
  },
};

/** Why a metric may have no series, and what to do about it; shown instead of an empty chart. */
export const MISSING_DATA_HELP: Record<string, { title: string; body: string; link: string }> = {
  CWAgent: {
    title: "The CloudWatch agent does not publish this metric for this instance",
    body:
      "Memory and disk-space usage come from the CloudWatch agent, which runs inside the instance. Install it (`sudo yum install amazon-cloudwatch-agent` or the .deb/.msi package), " +
      "attach the CloudWatchAgentServerPolicy to the instance role, and start it with a configuration that collects `mem_used_percent` and `disk_used_percent`. Monitr picks the metrics up within 15 minutes.",
    link: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/install-CloudWatch-Agent-on-EC2-Instance.html",
  },
  ContainerInsights: {
    title: "Container Insights is not enabled for this cluster",
    body: "Node and pod metrics come from CloudWatch Container Insights. Install the Amazon CloudWatch Observability EKS add-on on the cluster; Monitr picks the metrics up within 15 minutes.",
    link: "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-setup-EKS-addon.html",
  },
};
