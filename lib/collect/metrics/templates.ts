/*
 * Default metric templates (ARCHITECTURE.md, "Collection from AWS"). AWS/EC2 metrics exist for
 * every instance, so they are collected by template; CWAgent and ContainerInsights metrics exist
 * only where an agent publishes them, so they are discovered with ListMetrics and filtered by
 * these names.
 */
export type MetricTemplate = { metric: string; stat: string; unit: string; periodSeconds: number };

/** Basic monitoring publishes AWS/EC2 every 5 minutes; asking for 1-minute periods would only return gaps. */
export const EC2_TEMPLATE: MetricTemplate[] = [
  { metric: "CPUUtilization", stat: "Average", unit: "Percent", periodSeconds: 300 },
  { metric: "NetworkIn", stat: "Sum", unit: "Bytes", periodSeconds: 300 },
  { metric: "NetworkOut", stat: "Sum", unit: "Bytes", periodSeconds: 300 },
  { metric: "DiskReadBytes", stat: "Sum", unit: "Bytes", periodSeconds: 300 },
  { metric: "DiskWriteBytes", stat: "Sum", unit: "Bytes", periodSeconds: 300 },
  { metric: "DiskReadOps", stat: "Sum", unit: "Count", periodSeconds: 300 },
  { metric: "DiskWriteOps", stat: "Sum", unit: "Count", periodSeconds: 300 },
  { metric: "StatusCheckFailed", stat: "Maximum", unit: "Count", periodSeconds: 300 },
];

export const CWAGENT_TEMPLATE: Record<string, MetricTemplate> = {
  mem_used_percent: { metric: "mem_used_percent", stat: "Average", unit: "Percent", periodSeconds: 60 },
  disk_used_percent: { metric: "disk_used_percent", stat: "Average", unit: "Percent", periodSeconds: 60 },
};

export const CONTAINER_INSIGHTS_TEMPLATE: Record<string, MetricTemplate> = Object.fromEntries(
  (
    [
      ["cluster_node_count", "Average", "Count"],
      ["cluster_failed_node_count", "Maximum", "Count"],
      ["node_cpu_utilization", "Average", "Percent"],
      ["node_memory_utilization", "Average", "Percent"],
      ["node_filesystem_utilization", "Average", "Percent"],
      ["pod_cpu_utilization", "Average", "Percent"],
      ["pod_memory_utilization", "Average", "Percent"],
      ["pod_number_of_container_restarts", "Maximum", "Count"],
      ["pod_container_status_waiting_reason_crash_loop_back_off", "Maximum", "Count"],
    ] as const
  ).map(([metric, stat, unit]) => [metric, { metric, stat, unit, periodSeconds: 60 }]),
);

export const DISCOVERED_NAMESPACES = { CWAgent: CWAGENT_TEMPLATE, ContainerInsights: CONTAINER_INSIGHTS_TEMPLATE } as const;
export type DiscoveredNamespace = keyof typeof DISCOVERED_NAMESPACES;
