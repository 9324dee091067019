import { and, eq, sql } from "drizzle-orm";
import { schema, withTenant, type Db, type Tx } from "@/lib/db";
import { enqueueNotifications, notifyMembers, type NewNotification, type OutboxEntry } from "@/lib/notify";
import { buildAlertMessage, type Origin } from "./alert-message";
import { decide, idempotencyKey, type StateRow } from "./decide";
import { evaluateRule, lastTick, nextState, rangeTicks, ruleStep, ticksFor, worstOf, type ConditionSeries, type ConditionValue, type Outcome } from "./evaluate-core";
import { fetchBuckets, type BucketValues } from "./fetch-buckets";
import type { AlertKind } from "./metric-catalog";
import { loadMutes } from "./mute-queries";
import { isRuleMuted } from "./mute-window";
import { toRule, type Rule, type RuleRow } from "./rule-row";
import type { AlertState } from "./schemas";
import { loadScopeIndex, resolveScope, seriesKey, type ScopedResource } from "./scope";
import { writeEvaluation, type StateWrite, type TransitionWrite } from "./write-evaluation";

/*
 * One evaluation cycle of one tenant, in one transaction: read every enabled rule, resolve all
 * scopes, read the metric store once per (metric, statistic, window) for every series any rule
 * needs, evaluate each (rule, resource), and write state changes, their history, outbox messages
 * and in-app notifications together. A transaction-scoped advisory lock per tenant makes a second
 * worker skip instead of evaluating the same tenant at the same moment; the outbox's idempotency
 * keys make even a replayed cycle enqueue nothing twice.
 */
const LOCK_CLASS = 6006;

export type EvaluationReport = { skipped: boolean; rules: number; pairs: number; transitions: number; notifications: number; queries: number };

type Pair = { rule: Rule; resource: ScopedResource; series: number[][] };

function stateRowOf(row: typeof schema.alertStates.$inferSelect): StateRow {
  return { state: row.state, seq: row.seq, since: row.since, notifiedSeq: row.notifiedSeq, lastNotifiedAt: row.lastNotifiedAt, repeatCount: row.repeatCount, acknowledgedAt: row.acknowledgedAt };
}

function mergeSeries(ids: number[], buckets: BucketValues | undefined, comparator: ConditionValue["comparator"]): ConditionSeries {
  const empty: ConditionSeries = new Map();
  if (!buckets || ids.length === 0) return empty;
  if (ids.length === 1) return buckets.get(ids[0]!) ?? empty;
  const merged = new Map<number, number>();
  for (const id of ids) {
    for (const [ms, value] of buckets.get(id) ?? []) {
      const seen = merged.get(ms);
      merged.set(ms, seen === undefined ? value : worstOf(seen, value, comparator));
    }
  }
  return merged;
}

const groupKey = (metric: string, stat: string, windowSeconds: number) => `${metric}|${stat}|${windowSeconds}`;

export async function evaluateTenant({ db, tenantId, now = new Date(), origin }: { db: Db; tenantId: string; now?: Date; origin: Origin }): Promise<EvaluationReport> {
  return withTenant(tenantId, (tx) => evaluateInTransaction(tx, tenantId, now, origin), { db });
}

async function evaluateInTransaction(tx: Tx, tenantId: string, now: Date, origin: Origin): Promise<EvaluationReport> {
  const report: EvaluationReport = { skipped: false, rules: 0, pairs: 0, transitions: 0, notifications: 0, queries: 0 };
  const lock = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK_CLASS}, hashtext(${tenantId})) as ok`);
  if (!lock.rows[0]?.ok) return { ...report, skipped: true };

  const [tenant] = await tx.select({ slug: schema.tenants.slug, name: schema.tenants.name }).from(schema.tenants).where(eq(schema.tenants.id, tenantId));
  if (!tenant) return report;
  const ruleRows: RuleRow[] = await tx.select().from(schema.alertRules).where(and(eq(schema.alertRules.tenantId, tenantId), eq(schema.alertRules.enabled, true)));
  report.rules = ruleRows.length;
  if (ruleRows.length === 0) return report;

  const rules: Rule[] = [];
  const broken = new Set<string>();
  for (const row of ruleRows) {
    const rule = toRule(row);
    if (rule) rules.push(rule);
    else broken.add(row.id);
  }
  const metricIds = [...new Set(rules.flatMap((r) => r.conditions.map((c) => c.metric)))];
  const index = await loadScopeIndex(tx, tenantId, metricIds, now);
  const stateRows = await tx.select().from(schema.alertStates).where(eq(schema.alertStates.tenantId, tenantId));
  const states = new Map<string, Map<string, typeof schema.alertStates.$inferSelect>>();
  for (const row of stateRows) {
    let m = states.get(row.ruleId);
    if (!m) states.set(row.ruleId, (m = new Map()));
    m.set(row.resourceId, row);
  }
  const mutes = await loadMutes(tx, tenantId);
  const enabledChannels = new Set(
    (await tx.select({ id: schema.alertChannels.id }).from(schema.alertChannels).where(and(eq(schema.alertChannels.tenantId, tenantId), eq(schema.alertChannels.enabled, true)))).map((c) => c.id),
  );

  // Plan: which (rule, resource) pairs, and which series each (metric, stat, window) group needs since when.
  const pairs: Pair[] = [];
  const groups = new Map<string, { stat: Rule["conditions"][number]["stat"]; windowSeconds: number; ids: Set<number>; fromMs: number }>();
  const toMs = lastTick(now.getTime(), 60);
  for (const rule of rules) {
    const step = ruleStep(rule.conditions);
    const { n } = ticksFor(rule.duration, step);
    const earliestTick = lastTick(now.getTime(), step) - (rangeTicks(n, step) - 1) * step * 1000;
    for (const resource of resolveScope(index, rule.scope)) {
      const series = rule.conditions.map((c) => index.series.get(seriesKey(rule.scope.kind, resource.id, c.metric)) ?? []);
      const present = series.filter((s) => s.length > 0).length;
      // A resource without the metric at all (no agent) is not in the rule's reach, unless named.
      const applicable = rule.scope.type === "resource" || (rule.combine === "and" ? present === series.length : present > 0);
      if (!applicable) continue;
      pairs.push({ rule, resource, series });
      rule.conditions.forEach((c, i) => {
        const key = groupKey(c.metric, c.stat, c.windowSeconds);
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { stat: c.stat, windowSeconds: c.windowSeconds, ids: new Set(), fromMs: Infinity }));
        for (const id of series[i] ?? []) group.ids.add(id);
        group.fromMs = Math.min(group.fromMs, earliestTick - c.windowSeconds * 1000);
      });
    }
  }
  const buckets = new Map<string, BucketValues>();
  for (const [key, g] of groups) {
    if (g.ids.size === 0) continue;
    buckets.set(key, await fetchBuckets(tx, tenantId, { stat: g.stat, windowSeconds: g.windowSeconds, seriesIds: [...g.ids], from: new Date(g.fromMs), to: new Date(Math.max(toMs, now.getTime())) }));
    report.queries++;
  }

  const writes = { states: [] as StateWrite[], transitions: [] as TransitionWrite[], outbox: [] as OutboxEntry[], inApp: new Map<string, { name: string; severity: Rule["severity"]; kind: string; names: string[] }>() };
  const seen = new Map<string, Set<string>>();
  const apply = (rule: Pick<Rule, "id" | "name" | "severity" | "channelIds" | "repeatIntervalSeconds" | "sendResolved"> & { kind: AlertKind }, resource: ScopedResource, next: AlertState, outcome: Outcome | { kind: "left_scope" }) => {
    const prevRow = states.get(rule.id)?.get(resource.id);
    const prev = prevRow ? stateRowOf(prevRow) : undefined;
    const decision = decide(prev, next, { now, muted: isRuleMuted(mutes, rule.id, now), repeatIntervalSeconds: rule.repeatIntervalSeconds, sendResolved: rule.sendResolved });
    if (!decision.transition && !decision.notify) return;
    const values: ConditionValue[] = outcome.kind === "data" ? outcome.values : [];
    const recorded: Record<string, unknown> = decision.transition
      ? {
          outcome: outcome.kind,
          ...(outcome.kind === "data" ? { breaching: outcome.breaching, considered: outcome.considered, m: outcome.m, n: outcome.n, tick: new Date(outcome.tick).toISOString(), conditions: values } : {}),
          ...(outcome.kind === "no_data" ? { m: outcome.m, n: outcome.n } : {}),
          ...(outcome.kind === "error" ? { error: outcome.message } : {}),
        }
      : (prevRow?.values ?? {});
    writes.states.push({ ruleId: rule.id, resourceId: resource.id, resourceKind: rule.kind, resourceName: resource.name, row: decision.row, values: recorded });
    if (decision.transition) {
      writes.transitions.push({ ruleId: rule.id, resourceId: resource.id, from: prev?.state ?? "ok", to: next, seq: decision.row.seq, values: recorded, muted: isRuleMuted(mutes, rule.id, now) });
    }
    if (!decision.notify) return;
    const notifiedValues = decision.transition ? values : ((prevRow?.values.conditions as ConditionValue[] | undefined) ?? []);
    const since = decision.notify === "resolved" ? (prev?.since ?? now) : decision.row.since;
    const message = buildAlertMessage({
      kind: decision.notify,
      workspace: tenant,
      rule: { id: rule.id, name: rule.name, severity: rule.severity },
      resource: { kind: rule.kind, id: resource.id, name: resource.name },
      values: notifiedValues,
      ...(outcome.kind === "error" ? { error: outcome.message } : {}),
      since,
      now,
      origin,
    });
    for (const channelId of rule.channelIds) {
      if (!enabledChannels.has(channelId)) continue;
      writes.outbox.push({ idempotencyKey: idempotencyKey(rule.id, resource.id, decision.row, decision.notify, channelId), channelId, ruleId: rule.id, resourceId: resource.id, kind: decision.notify, message });
    }
    if (decision.notify !== "repeat") {
      const key = `${rule.id}|${decision.notify}`;
      const entry = writes.inApp.get(key) ?? { name: rule.name, severity: rule.severity, kind: decision.notify, names: [] };
      entry.names.push(resource.name && resource.name !== resource.id ? `${resource.name} (${resource.id})` : resource.id);
      writes.inApp.set(key, entry);
    }
  };

  for (const pair of pairs) {
    const { rule, resource } = pair;
    const series = rule.conditions.map((c, i) => mergeSeries(pair.series[i] ?? [], buckets.get(groupKey(c.metric, c.stat, c.windowSeconds)), c.comparator));
    const outcome = evaluateRule({ conditions: rule.conditions, combine: rule.combine, duration: rule.duration, now: now.getTime(), series });
    const prevState = states.get(rule.id)?.get(resource.id)?.state ?? "ok";
    apply({ ...rule, kind: rule.scope.kind }, resource, nextState(prevState, outcome, rule.noData), outcome);
    let set = seen.get(rule.id);
    if (!set) seen.set(rule.id, (set = new Set()));
    set.add(resource.id);
  }
  report.pairs = pairs.length;

  // Resources that left a rule's scope (vanished, stopped, untagged) resolve.
  for (const rule of rules) {
    for (const [resourceId, row] of states.get(rule.id) ?? []) {
      if (row.state === "ok" || seen.get(rule.id)?.has(resourceId)) continue;
      apply({ ...rule, kind: rule.scope.kind }, { id: resourceId, name: row.resourceName }, "ok", { kind: "left_scope" });
    }
  }
  // A rule whose stored definition no longer validates puts its alerts in ERROR.
  for (const row of ruleRows.filter((r) => broken.has(r.id))) {
    const outcome: Outcome = { kind: "error", message: "the rule's definition is no longer valid; edit and save it" };
    for (const [resourceId, state] of states.get(row.id) ?? []) {
      if (state.state === "error") continue;
      apply({ id: row.id, name: row.name, severity: row.severity, channelIds: row.channelIds, repeatIntervalSeconds: row.repeatIntervalSeconds, sendResolved: row.sendResolved, kind: state.resourceKind as AlertKind }, { id: resourceId, name: state.resourceName }, "error", outcome);
    }
  }

  const inApp: NewNotification[] = [...writes.inApp.values()].map(({ name, severity, kind, names }) => ({
    title: `${kind === "resolved" ? "Resolved" : kind === "no_data" ? "No data" : kind === "error" ? "Error" : "Firing"}: ${name}`,
    body: names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", "),
    link: "/alerts",
    severity: kind === "resolved" ? "info" : severity,
  }));
  await writeEvaluation(tx, tenantId, now, writes.states, writes.transitions, { brokenRuleIds: [...broken], evaluatedRuleIds: ruleRows.map((r) => r.id) });
  report.notifications = await enqueueNotifications(tx, tenantId, writes.outbox, now);
  if (inApp.length) await notifyMembers(tx, tenantId, inApp, { at: now });
  report.transitions = writes.transitions.length;
  return report;
}

