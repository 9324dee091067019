import type { AlertKind, Rule, Scope } from "@/lib/alerts";

/*
 * The rule form's state: strings where the inputs are text (FormData-like), converted to the API's
 * shape on submit. The API validates; its field errors come back keyed like "conditions.0.threshold".
 */
export type ConditionDraft = { metric: string; stat: string; windowSeconds: string; comparator: string; threshold: string };

export type RuleDraft = {
  name: string;
  enabled: boolean;
  kind: AlertKind;
  scopeType: Scope["type"];
  tagKey: string;
  tagValue: string;
  /** The cluster of a "pods of one cluster" scope. */
  cluster: string;
  resourceId: string;
  conditions: ConditionDraft[];
  combine: "and" | "or";
  durationType: "for" | "m_of_n";
  forMinutes: string;
  m: string;
  n: string;
  noData: "alerting" | "ok" | "keep";
  severity: "critical" | "warning" | "info";
  channelIds: string[];
  repeatIntervalSeconds: string;
  sendResolved: boolean;
};

export const EMPTY_CONDITION: ConditionDraft = { metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: "300", comparator: "gt", threshold: "80" };

export function newDraft(): RuleDraft {
  return {
    name: "",
    enabled: true,
    kind: "ec2_instance",
    scopeType: "kind",
    tagKey: "",
    tagValue: "",
    cluster: "",
    resourceId: "",
    conditions: [{ ...EMPTY_CONDITION }],
    combine: "and",
    durationType: "for",
    forMinutes: "5",
    m: "3",
    n: "5",
    noData: "keep",
    severity: "warning",
    channelIds: [],
    repeatIntervalSeconds: "14400",
    sendResolved: true,
  };
}

export function draftOf(rule: Rule): RuleDraft {
  const scope = rule.scope;
  return {
    name: rule.name,
    enabled: rule.enabled,
    kind: scope.kind,
    scopeType: scope.type,
    tagKey: scope.type === "tag" ? scope.key : "",
    tagValue: scope.type === "tag" ? scope.value : "",
    cluster: scope.type === "cluster" ? scope.cluster : "",
    resourceId: scope.type === "resource" ? scope.resourceId : "",
    conditions: rule.conditions.map((c) => ({ metric: c.metric, stat: c.stat, windowSeconds: String(c.windowSeconds), comparator: c.comparator, threshold: String(c.threshold) })),
    combine: rule.combine,
    durationType: rule.duration.type,
    forMinutes: rule.duration.type === "for" ? String(rule.duration.seconds / 60) : "5",
    m: rule.duration.type === "m_of_n" ? String(rule.duration.m) : "3",
    n: rule.duration.type === "m_of_n" ? String(rule.duration.n) : "5",
    noData: rule.noData,
    severity: rule.severity,
    channelIds: rule.channelIds,
    repeatIntervalSeconds: String(rule.repeatIntervalSeconds),
    sendResolved: rule.sendResolved,
  };
}

const SCOPE_BODY: Record<RuleDraft["scopeType"], (d: RuleDraft) => Record<string, unknown>> = {
  kind: (d) => ({ type: "kind", kind: d.kind }),
  tag: (d) => ({ type: "tag", kind: d.kind, key: d.tagKey, value: d.tagValue }),
  cluster: (d) => ({ type: "cluster", kind: d.kind, cluster: d.cluster }),
  resource: (d) => ({ type: "resource", kind: d.kind, resourceId: d.resourceId }),
};

/** The request body. Numbers typed as text are sent as typed; the API decides if they are numbers. */
export function bodyOf(d: RuleDraft): Record<string, unknown> {
  const scope = SCOPE_BODY[d.scopeType](d);
  const minutes = Number(d.forMinutes);
  return {
    name: d.name,
    enabled: d.enabled,
    scope,
    conditions: d.conditions.map((c) => ({ metric: c.metric, stat: c.stat, windowSeconds: Number(c.windowSeconds), comparator: c.comparator, threshold: c.threshold })),
    combine: d.combine,
    duration: d.durationType === "for" ? { type: "for", seconds: d.forMinutes.trim() !== "" && Number.isFinite(minutes) ? Math.round(minutes * 60) : d.forMinutes } : { type: "m_of_n", m: d.m, n: d.n },
    noData: d.noData,
    severity: d.severity,
    channelIds: d.channelIds,
    repeatIntervalSeconds: Number(d.repeatIntervalSeconds),
    sendResolved: d.sendResolved,
  };
}
