import type { RuleInput } from "./schemas";

/*
 * Ready-made rules, offered when a workspace has no rules yet and on the alerts page. Each is an
 * ordinary rule input; adding one goes through createRule (validation, plan limit, audit).
 */
export type RulePreset = { id: string; title: string; description: string; rule: Omit<RuleInput, "channelIds" | "enabled" | "preset"> };

export const RULE_PRESETS: readonly RulePreset[] = [
  {
    id: "ec2-cpu-high",
    title: "EC2 CPU above 80 % for 5 minutes",
    description: "Any running instance whose average CPU stays above 80 % for five minutes.",
    rule: {
      name: "EC2 CPU above 80 %",
      scope: { type: "kind", kind: "ec2_instance" },
      conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }],
      combine: "and",
      duration: { type: "for", seconds: 300 },
      noData: "keep",
      severity: "warning",
      repeatIntervalSeconds: 4 * 3600,
      sendResolved: true,
    },
  },
  {
    id: "ec2-status-check",
    title: "EC2 status check failed",
    description: "An instance or system status check fails.",
    rule: {
      name: "EC2 status check failed",
      scope: { type: "kind", kind: "ec2_instance" },
      conditions: [{ metric: "AWS/EC2/StatusCheckFailed", stat: "max", windowSeconds: 300, comparator: "gte", threshold: 1 }],
      combine: "and",
      duration: { type: "for", seconds: 300 },
      noData: "keep",
      severity: "critical",
      repeatIntervalSeconds: 3600,
      sendResolved: true,
    },
  },
  {
    id: "ec2-disk-full",
    title: "Disk above 90 %",
    description: "Where the CloudWatch agent publishes disk usage: any filesystem above 90 % for 5 minutes.",
    rule: {
      name: "Disk above 90 %",
      scope: { type: "kind", kind: "ec2_instance" },
      conditions: [{ metric: "CWAgent/disk_used_percent", stat: "max", windowSeconds: 300, comparator: "gt", threshold: 90 }],
      combine: "and",
      duration: { type: "for", seconds: 300 },
      noData: "keep",
      severity: "critical",
      repeatIntervalSeconds: 4 * 3600,
      sendResolved: true,
    },
  },
  {
    id: "eks-pod-crashloop",
    title: "Pod in CrashLoopBackOff",
    description: "A pod with a container waiting in CrashLoopBackOff for 5 minutes.",
    rule: {
      name: "Pod in CrashLoopBackOff",
      scope: { type: "kind", kind: "eks_pod" },
      conditions: [{ metric: "ContainerInsights/pod_container_status_waiting_reason_crash_loop_back_off", stat: "max", windowSeconds: 60, comparator: "gte", threshold: 1 }],
      combine: "and",
      duration: { type: "for", seconds: 300 },
      noData: "keep",
      severity: "critical",
      repeatIntervalSeconds: 3600,
      sendResolved: true,
    },
  },
  {
    id: "eks-failed-nodes",
    title: "Failed EKS nodes",
    description: "A cluster reports one or more failed nodes.",
    rule: {
      name: "Failed EKS nodes",
      scope: { type: "kind", kind: "eks_cluster" },
      conditions: [{ metric: "ContainerInsights/cluster_failed_node_count", stat: "max", windowSeconds: 300, comparator: "gt", threshold: 0 }],
      combine: "and",
      duration: { type: "for", seconds: 300 },
      noData: "keep",
      severity: "critical",
      repeatIntervalSeconds: 3600,
      sendResolved: true,
    },
  },
];

export function presetInput(id: string, channelIds: string[] = []): RuleInput | undefined {
  const preset = RULE_PRESETS.find((p) => p.id === id);
  return preset ? { ...preset.rule, enabled: true, channelIds, preset: preset.id } : undefined;
}
