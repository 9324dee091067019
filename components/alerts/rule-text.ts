import { describeCondition } from "@/lib/alerts/alert-message";
import { formatSeconds, KIND_LABELS } from "@/lib/alerts/metric-catalog";
import type { Rule } from "@/lib/alerts/rule-row";

export function scopeText(rule: Pick<Rule, "scope">): string {
  const s = rule.scope;
  if (s.type === "kind") return `All ${KIND_LABELS[s.kind].many}`;
  if (s.type === "tag") return `${KIND_LABELS[s.kind].many} tagged ${s.key}${s.value ? `=${s.value}` : ""}`;
  if (s.type === "cluster") return `${KIND_LABELS[s.kind].many} in cluster ${s.cluster}`;
  return `${KIND_LABELS[s.kind].one} ${s.resourceId}`;
}

export function conditionText(rule: Pick<Rule, "conditions" | "combine" | "duration">): string {
  const parts = rule.conditions.map((c) => describeCondition(c));
  const when = rule.duration.type === "for" ? `for ${formatSeconds(rule.duration.seconds)}` : `${rule.duration.m} of ${rule.duration.n} datapoints`;
  return `${parts.join(rule.combine === "and" ? " AND " : " OR ")}, ${when}`;
}
