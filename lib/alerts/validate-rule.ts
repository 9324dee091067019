import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import { ValidationError, type FieldErrors } from "@/lib/http/errors";
import { ruleStep, ticksFor } from "./evaluate-core";
import { alertMetric, formatSeconds, KIND_LABELS } from "./metric-catalog";
import type { RuleInput } from "./schemas";

/** Semantic checks over a schema-valid rule, pure: the metric catalogue and the evaluation grid. */
export function ruleProblems(input: RuleInput): FieldErrors {
  const fields: FieldErrors = {};
  const kind = input.scope.kind;
  let longestPeriod = 0;
  input.conditions.forEach((c, i) => {
    const metric = alertMetric(c.metric);
    if (!metric) {
      fields[`conditions.${i}.metric`] = `Unknown metric "${c.metric}".`;
      return;
    }
    if (metric.kind !== kind) {
      fields[`conditions.${i}.metric`] = `${metric.label} is not collected for ${KIND_LABELS[kind].many}.`;
      return;
    }
    longestPeriod = Math.max(longestPeriod, metric.periodSeconds);
    if (c.windowSeconds < metric.periodSeconds) {
      fields[`conditions.${i}.windowSeconds`] = `${metric.label} is collected every ${formatSeconds(metric.periodSeconds)}; pick a window of at least ${formatSeconds(metric.periodSeconds)}.`;
    }
  });
  if (input.scope.type === "tag" && kind === "eks_pod") fields["scope.type"] = "Pods carry no tags in Monitr; watch all pods, one cluster's pods or one pod.";
  if (input.scope.type === "cluster" && kind !== "eks_pod") fields["scope.type"] = `Only EKS pods can be watched by cluster; for ${KIND_LABELS[kind].many} pick all, a tag or one.`;
  if (input.duration.type === "for") {
    if (longestPeriod > 0 && input.duration.seconds < longestPeriod) {
      fields["duration.seconds"] = `Shorter than the collection period: the metric arrives every ${formatSeconds(longestPeriod)}, so use at least ${formatSeconds(longestPeriod)}.`;
    }
  } else if (input.duration.m > input.duration.n) {
    fields["duration.m"] = "Cannot be more than the number of datapoints looked at.";
  }
  if (Object.keys(fields).length === 0) {
    const step = ruleStep(input.conditions);
    const { n } = ticksFor(input.duration, step);
    if (n * step > 86_400) fields[input.duration.type === "for" ? "duration.seconds" : "duration.n"] = "The rule may look back at most 24 hours.";
  }
  return fields;
}

/** Checks that need the database: the named resource or cluster exists, the channels belong to the workspace. */
export async function referenceProblems(tx: Tx, tenantId: string, input: RuleInput): Promise<FieldErrors> {
  const fields: FieldErrors = {};
  if (input.channelIds.length) {
    const c = schema.alertChannels;
    const found = await tx.select({ id: c.id }).from(c).where(and(eq(c.tenantId, tenantId), inArray(c.id, input.channelIds)));
    if (found.length !== new Set(input.channelIds).size) fields.channelIds = "Pick channels of this workspace.";
  }
  if (input.scope.type === "resource") {
    const { kind, resourceId } = input.scope;
    const exists =
      kind === "eks_pod"
        ? (await tx.execute(sql`select 1 from series where tenant_id = ${tenantId} and resource_kind = 'eks_pod' and resource_id = ${resourceId} limit 1`)).rows.length > 0
        : (
            await tx
              .select({ id: schema.resources.id })
              .from(schema.resources)
              .where(and(eq(schema.resources.tenantId, tenantId), eq(schema.resources.kind, kind), eq(schema.resources.resourceId, resourceId), isNull(schema.resources.recordedTo)))
              .limit(1)
          ).length > 0;
    if (!exists) fields["scope.resourceId"] = `No ${KIND_LABELS[kind].one} "${resourceId}" in this workspace.`;
  }
  if (input.scope.type === "cluster" && input.scope.kind === "eks_pod") {
    const { cluster } = input.scope;
    // Known from the inventory, or only from its pods' series (the role may read metrics but not list clusters).
    // starts_with, not LIKE: cluster names may contain "_", a LIKE wildcard.
    const found = await tx.execute(sql`
      select 1 from resources
       where tenant_id = ${tenantId} and kind = 'eks_cluster' and resource_id = ${cluster} and valid_to is null and recorded_to is null
      union all
      select 1 from series
       where tenant_id = ${tenantId} and resource_kind = 'eks_pod' and starts_with(resource_id, ${`${cluster}/`})
      limit 1`);
    if (found.rows.length === 0) fields["scope.cluster"] = `No EKS cluster "${cluster}" in this workspace.`;
  }
  return fields;
}

export async function assertValidRule(tx: Tx, tenantId: string, input: RuleInput): Promise<void> {
  const fields = { ...ruleProblems(input), ...(await referenceProblems(tx, tenantId, input)) };
  const names = Object.keys(fields);
  if (names.length) throw new ValidationError(`Check these fields: ${names.join(", ")}.`, fields);
}
