import type { AlertMessage, OutboxKind } from "@/lib/notify";
import type { ConditionValue } from "./evaluate-core";
import { alertMetric, formatSeconds, formatValue, type AlertKind } from "./metric-catalog";
import { COMPARATOR_SYMBOLS, type Comparator } from "./schemas";

/*
 * Builds the message model for a notification: the values that caused it, the threshold, and a
 * link to the resource's dashboard over the alert's time range: an instance's own dashboard, a
 * cluster's (a pod links to its cluster's), with `from` / `to` as the dashboards read them.
 */
export type Origin = { appDomain: string; protocol: "http" | "https" };

const DASHBOARD_PATH: Record<AlertKind, (resourceId: string) => string> = {
  ec2_instance: (id) => `/dashboards/ec2/${encodeURIComponent(id)}`,
  eks_cluster: (name) => `/dashboards/eks/${encodeURIComponent(name)}`,
  // Pod ids are "cluster/namespace/pod".
  eks_pod: (id) => `/dashboards/eks/${encodeURIComponent(id.split("/")[0] ?? id)}`,
};

export function dashboardLink(origin: Origin, slug: string, kind: AlertKind, resourceId: string, since: Date, now: Date): string {
  // An hour of context before the alert started, up to a few minutes after now.
  const from = new Date(Math.min(since.getTime(), now.getTime()) - 3600_000).toISOString();
  const to = new Date(now.getTime() + 5 * 60_000).toISOString();
  return `${origin.protocol}://${slug}.${origin.appDomain}${DASHBOARD_PATH[kind](resourceId)}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

export function describeCondition(v: Pick<ConditionValue, "metric" | "stat" | "windowSeconds" | "comparator" | "threshold"> & { value?: number | null }): string {
  const metric = alertMetric(v.metric);
  const unit = metric?.unit ?? "Count";
  const head = `${metric?.label ?? v.metric} ${v.stat} over ${formatSeconds(v.windowSeconds)}`;
  const threshold = `${COMPARATOR_SYMBOLS[v.comparator as Comparator]} ${formatValue(v.threshold, unit)}`;
  return v.value === undefined ? `${head} ${threshold}` : v.value === null ? `${head}: no data (threshold ${threshold})` : `${head} = ${formatValue(v.value, unit)} (threshold ${threshold})`;
}

const SUMMARY: Record<OutboxKind, (where: string) => string> = {
  firing: (where) => `Firing on ${where}.`,
  repeat: (where) => `Still firing on ${where}.`,
  resolved: (where) => `Resolved on ${where}.`,
  no_data: (where) => `No data from ${where}.`,
  error: (where) => `The rule could not be evaluated for ${where}.`,
};

export function buildAlertMessage(input: {
  kind: OutboxKind;
  workspace: { slug: string; name: string };
  rule: { id: string; name: string; severity: "critical" | "warning" | "info" };
  resource: { kind: AlertKind; id: string; name: string | null };
  values: ConditionValue[];
  error?: string;
  since: Date;
  now: Date;
  origin: Origin;
}): AlertMessage {
  const where = input.resource.name && input.resource.name !== input.resource.id ? `${input.resource.name} (${input.resource.id})` : input.resource.id;
  const details = input.values.map((v) => describeCondition(v));
  if (input.error) details.push(`Error: ${input.error}`);
  return {
    kind: input.kind,
    workspace: input.workspace,
    rule: input.rule,
    resource: input.resource,
    details,
    summary: SUMMARY[input.kind](where),
    since: input.since.toISOString(),
    at: input.now.toISOString(),
    link: dashboardLink(input.origin, input.workspace.slug, input.resource.kind, input.resource.id, input.since, input.now),
    dedupKey: `monitr-${input.rule.id}-${input.resource.id}`.slice(0, 255),
  };
}
