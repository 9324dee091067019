import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import type { AlertKind } from "./metric-catalog";
import type { Rule } from "./rule-row";
import { createRule } from "./rule-verbs";
import type { Comparator, ConditionStat, RuleInput, Severity } from "./schemas";

/*
 * Ready-made rules, offered when a workspace has no rules yet, on the alerts page and on the EKS
 * cluster dashboard. Each is an ordinary rule input; adding one goes through createRule
 * (validation, plan limit, audit).
 */
export type RulePreset = { id: string; title: string; description: string; rule: Omit<RuleInput, "channelIds" | "enabled" | "preset"> };

const HOUR = 3600;

/** One condition held for 5 minutes, No Data keeps the last state, resolved messages on: what every preset shares. */
function preset(
  id: string,
  title: string,
  description: string,
  rule: { name: string; kind: AlertKind; metric: string; stat: ConditionStat; windowSeconds?: number; comparator: Comparator; threshold: number; severity: Severity; repeatHours: number },
): RulePreset {
  return {
    id,
    title,
    description,
    rule: {
      name: rule.name,
      scope: { type: "kind", kind: rule.kind },
      conditions: [{ metric: rule.metric, stat: rule.stat, windowSeconds: rule.windowSeconds ?? 300, comparator: rule.comparator, threshold: rule.threshold }],
      combine: "and",
      duration: { type: "for", seconds: 300 },
      noData: "keep",
      severity: rule.severity,
      repeatIntervalSeconds: rule.repeatHours * HOUR,
      sendResolved: true,
    },
  };
}

export const RULE_PRESETS: readonly RulePreset[] = [
  preset("ec2-cpu-high", "EC2 CPU above 80 % for 5 minutes", "Any running instance whose average CPU stays above 80 % for five minutes.", {
    name: "EC2 CPU above 80 %",
    kind: "ec2_instance",
    metric: "AWS/EC2/CPUUtilization",
    stat: "avg",
    comparator: "gt",
    threshold: 80,
    severity: "warning",
    repeatHours: 4,
  }),
  preset("ec2-status-check", "EC2 status check failed", "An instance or system status check fails.", {
    name: "EC2 status check failed",
    kind: "ec2_instance",
    metric: "AWS/EC2/StatusCheckFailed",
    stat: "max",
    comparator: "gte",
    threshold: 1,
    severity: "critical",
    repeatHours: 1,
  }),
  preset("ec2-disk-full", "Disk above 90 %", "Where the CloudWatch agent publishes disk usage: any filesystem above 90 % for 5 minutes.", {
    name: "Disk above 90 %",
    kind: "ec2_instance",
    metric: "CWAgent/disk_used_percent",
    stat: "max",
    comparator: "gt",
    threshold: 90,
    severity: "critical",
    repeatHours: 4,
  }),
  preset("eks-pod-crashloop", "Pod in CrashLoopBackOff", "A pod with a container waiting in CrashLoopBackOff for 5 minutes.", {
    name: "Pod in CrashLoopBackOff",
    kind: "eks_pod",
    metric: "ContainerInsights/pod_container_status_waiting_reason_crash_loop_back_off",
    stat: "max",
    windowSeconds: 60,
    comparator: "gte",
    threshold: 1,
    severity: "critical",
    repeatHours: 1,
  }),
  preset("eks-failed-nodes", "Failed EKS nodes", "A cluster reports one or more failed nodes.", {
    name: "Failed EKS nodes",
    kind: "eks_cluster",
    metric: "ContainerInsights/cluster_failed_node_count",
    stat: "max",
    comparator: "gt",
    threshold: 0,
    severity: "critical",
    repeatHours: 1,
  }),
];

/** Narrows a preset to one resource (a dashboard's own cluster) or to the pods of one cluster. */
export type PresetTarget = { resourceId?: string; cluster?: string };

/**
 * The rule a preset gives: for every resource of its kind, or, with a target, for that one
 * resource or that cluster's pods, named after it.
 */
export function presetInput(id: string, channelIds: string[] = [], target: PresetTarget = {}): RuleInput | undefined {
  const preset = RULE_PRESETS.find((p) => p.id === id);
  if (!preset) return undefined;
  const kind = preset.rule.scope.kind;
  const named = (on: string) => `${preset.rule.name} on ${on}`.slice(0, 120);
  const rule = target.resourceId
    ? { ...preset.rule, name: named(target.resourceId), scope: { type: "resource" as const, kind, resourceId: target.resourceId } }
    : target.cluster
      ? { ...preset.rule, name: named(target.cluster), scope: { type: "cluster" as const, kind, cluster: target.cluster } }
      : preset.rule;
  return { ...rule, enabled: true, channelIds, preset: preset.id };
}

/** A preset as a page offers it: for all of its kind, for one resource (`resourceId`) or for one cluster's pods (`cluster`). */
export type OfferedPreset = RulePreset & PresetTarget;

/** What an EKS cluster's dashboard offers: the cluster rules for this cluster, the pod rules for this cluster's pods. */
export function clusterPresets(cluster: string): OfferedPreset[] {
  return [
    ...RULE_PRESETS.filter((p) => p.rule.scope.kind === "eks_cluster").map((p) => ({ ...p, title: `${p.title} on ${cluster}`, resourceId: cluster })),
    ...RULE_PRESETS.filter((p) => p.rule.scope.kind === "eks_pod").map((p) => ({ ...p, title: `${p.title} on ${cluster}`, cluster })),
  ];
}

/**
 * Whether a rule made from an offered preset already does its job: a rule for all of the kind
 * covers any one resource or cluster; otherwise the rule must name the same resource or cluster.
 */
export function presetCovers(rule: Pick<Rule, "preset" | "scope">, offered: OfferedPreset): boolean {
  if (rule.preset !== offered.id) return false;
  const scope = rule.scope;
  if (scope.type === "kind") return true;
  if (offered.resourceId !== undefined) return scope.type === "resource" && scope.resourceId === offered.resourceId;
  if (offered.cluster !== undefined) return scope.type === "cluster" && scope.cluster === offered.cluster;
  return false;
}

/** A cluster dashboard's offer: the presets, those already doing their job, and the rules made from them that watch the cluster. */
export function clusterPresetOffer(rules: readonly Pick<Rule, "id" | "name" | "preset" | "scope">[], cluster: string) {
  const offered = clusterPresets(cluster);
  const covering = (p: OfferedPreset) => rules.filter((r) => presetCovers(r, p));
  return {
    offered,
    added: offered.filter((p) => covering(p).length > 0).map((p) => p.id),
    watching: offered.flatMap(covering).map((r) => ({ id: r.id, name: r.name })),
  };
}

export const AddPresetInput = z
  .object({
    presetId: z.string({ error: "Pick a ready-made rule." }).min(1, "Pick a ready-made rule."),
    channelIds: z.array(z.uuid({ error: "Unknown channel." })).max(10).default([]),
    /** Only this resource (e.g. the cluster whose dashboard offers it) instead of all of the preset's kind. */
    resourceId: z.string().trim().min(1).max(300).optional(),
    /** Only the pods of this cluster (a pod preset on the cluster's dashboard). */
    cluster: z.string().trim().min(1).max(300).optional(),
  })
  .refine((v) => v.resourceId === undefined || v.cluster === undefined, { path: ["cluster"], message: "Pick one resource or one cluster, not both." });
export type AddPresetInput = z.infer<typeof AddPresetInput>;

/** The verb behind "Add" on a ready-made rule: the preset's rule through createRule (role, plan limit, validation, audit). */
export async function addPresetRule({ ctx, input: raw }: { ctx: TenantContext; input: unknown }): Promise<Rule> {
  const input = parseInput(AddPresetInput, raw);
  const rule = presetInput(input.presetId, input.channelIds, { resourceId: input.resourceId, cluster: input.cluster });
  if (!rule) throw new ValidationError("Check these fields: presetId.", { presetId: "No such ready-made rule." });
  return createRule({ ctx, input: rule });
}
