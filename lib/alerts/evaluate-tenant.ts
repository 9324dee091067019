import { and, eq, sql } from "drizzle-orm";
import { schema, withTenant, type Db, type Tx } from "@/lib/db";
import { enqueueNotifications, notifyMembers, type NewNotification, type OutboxEntry, type OutboxKind } from "@/lib/notify";
import { buildAlertMessage, type Origin } from "./alert-message";
import { decide, idempotencyKey, type StateRow } from "./decide";
import { conditionValues, evaluateTicks, nextState, tickPlan, worstOf, type ConditionSeries, type ConditionValue, type Outcome } from "./evaluate-core";
import { fetchBuckets, type BucketValues } from "./fetch-buckets";
import type { AlertKind } from "./metric-catalog";
import { loadMutes } from "./mute-queries";
import { isRuleMuted } from "./mute-window";
import { loadEnabledRules, type Rule } from "./rule-row";
import { ALERTING_STATES, type AlertState } from "./schemas";
import { loadScopeIndex, resolveScope, seriesOf, type ScopedResource } from "./scope";
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

export type EvaluationReport = {
  skipped: boolean;
  rules: number;
  pairs: number;
  transitions: number;
  notifications: number;
  queries: number;
  /** Milliseconds per phase, for the benchmark and slow-cycle logs. */
  timings: Record<"load" | "plan" | "read" | "evaluate" | "write", number>;
};

type Pair = { resource: ScopedResource; series: number[][] };
type RulePairs = { rule: Rule; pairs: Pair[] };

type StoredState = StateRow & { resourceKind: string; resourceName: string | null };

type Intent = {
  rule: Pick<Rule, "id" | "name" | "severity" | "channelIds"> & { kind: AlertKind };
  resource: ScopedResource;
  row: StateRow;
  notify: OutboxKind;
  since: Date;
  values: ConditionValue[] | null;
  error?: string;
};

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
  const report: EvaluationReport = { skipped: false, rules: 0, pairs: 0, transitions: 0, notifications: 0, queries: 0, timings: { load: 0, plan: 0, read: 0, evaluate: 0, write: 0 } };
  const started = performance.now();
  let mark = started;
  const lap = (phase: keyof EvaluationReport["timings"]) => {
    const t = performance.now();
    report.timings[phase] += t - mark;
    mark = t;
  };
  const lock = await tx.execute<{ ok: boolean }>(sql`select pg_try_advisory_xact_lock(${LOCK_CLASS}, hashtext(${tenantId})) as ok`);
  if (!lock.rows[0]?.ok) return { ...report, skipped: true };

  const [tenant] = await tx.select({ slug: schema.tenants.slug, name: schema.tenants.name }).from(schema.tenants).where(eq(schema.tenants.id, tenantId));
  if (!tenant) return report;
  const { rules, broken } = await loadEnabledRules(tx, tenantId);
  report.rules = rules.length + broken.length;
  if (report.rules === 0) return report;

  const metricIds = [...new Set(rules.flatMap((r) => r.conditions.map((c) => c.metric)))];
  const index = await loadScopeIndex(tx, tenantId, metricIds, now);
  const s = schema.alertStates;
  // Without the stored values (jsonb, the bulk of a row): only changes need them, fetched below.
  const stateRows = await tx
    .select({ ruleId: s.ruleId, resourceId: s.resourceId, resourceKind: s.resourceKind, resourceName: s.resourceName, state: s.state, seq: s.seq, since: s.since, notifiedSeq: s.notifiedSeq, lastNotifiedAt: s.lastNotifiedAt, repeatCount: s.repeatCount, acknowledgedAt: s.acknowledgedAt })
    .from(s)
    .where(eq(s.tenantId, tenantId));
  const states = new Map<string, Map<string, StoredState>>();
  for (const row of stateRows) {
    let m = states.get(row.ruleId);
    if (!m) states.set(row.ruleId, (m = new Map()));
    m.set(row.resourceId, row);
  }
  const mutes = await loadMutes(tx, tenantId);
  const enabledChannels = new Set(
    (await tx.select({ id: schema.alertChannels.id }).from(schema.alertChannels).where(and(eq(schema.alertChannels.tenantId, tenantId), eq(schema.alertChannels.enabled, true)))).map((c) => c.id),
  );
  lap("load");

  // Plan: which (rule, resource) pairs, and which series each (metric, stat, window) group needs since when.
  const planned: RulePairs[] = [];
  const groups = new Map<string, { stat: Rule["conditions"][number]["stat"]; windowSeconds: number; ids: Set<number>; fromMs: number }>();
  for (const rule of rules) {
    const ticks = tickPlan(rule.conditions, rule.duration, now.getTime());
    const earliestTick = ticks.newest - (ticks.range - 1) * ticks.step * 1000;
    const pairs: Pair[] = [];
    const groupsOfRule = rule.conditions.map((c) => {
      const key = groupKey(c.metric, c.stat, c.windowSeconds);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { stat: c.stat, windowSeconds: c.windowSeconds, ids: new Set(), fromMs: Infinity }));
      return group;
    });
    let any = false;
    for (const resource of resolveScope(index, rule.scope)) {
      const series = rule.conditions.map((c) => seriesOf(index, c.metric, resource.id));
      const present = series.filter((ids) => ids.length > 0).length;
      // A resource without the metric at all (no agent) is not in the rule's reach, unless named.
      const applicable = rule.scope.type === "resource" || (rule.combine === "and" ? present === series.length : present > 0);
      if (!applicable) continue;
      any = true;
      pairs.push({ resource, series });
      series.forEach((ids, i) => {
        for (const id of ids) groupsOfRule[i]!.ids.add(id);
      });
    }
    if (any) rule.conditions.forEach((c, i) => (groupsOfRule[i]!.fromMs = Math.min(groupsOfRule[i]!.fromMs, earliestTick - c.windowSeconds * 1000)));
    planned.push({ rule, pairs });
  }
  lap("plan");
  const buckets = new Map<string, BucketValues>();
  for (const [key, g] of groups) {
    if (g.ids.size === 0) continue;
    buckets.set(key, await fetchBuckets(tx, tenantId, { stat: g.stat, windowSeconds: g.windowSeconds, seriesIds: [...g.ids], from: new Date(g.fromMs), to: now }));
    report.queries++;
  }
  lap("read");

  const stateWrites: StateWrite[] = [];
  const transitions: TransitionWrite[] = [];
  const intents: Intent[] = [];
  const mutedNow = new Map<string, boolean>();
  const isMuted = (ruleId: string) => {
    let m = mutedNow.get(ruleId);
    if (m === undefined) mutedNow.set(ruleId, (m = isRuleMuted(mutes, ruleId, now)));
    return m;
  };
  const seen = new Map<string, Set<string>>();
  const apply = (
    rule: Intent["rule"] & Pick<Rule, "repeatIntervalSeconds" | "sendResolved">,
    resource: ScopedResource,
    next: AlertState,
    outcome: Outcome | { kind: "left_scope" },
    valuesOf: (tick: number) => ConditionValue[] = () => [],
  ) => {
    const prev = states.get(rule.id)?.get(resource.id);
    const muted = isMuted(rule.id);
    const decision = decide(prev, next, { now, muted, repeatIntervalSeconds: rule.repeatIntervalSeconds, sendResolved: rule.sendResolved });
    if (!decision.transition && !decision.notify) return;
    const values = outcome.kind === "data" && decision.transition ? valuesOf(outcome.tick) : [];
    const recorded: Record<string, unknown> | null = decision.transition
      ? {
          outcome: outcome.kind,
          ...(outcome.kind === "data" ? { breaching: outcome.breaching, considered: outcome.considered, m: outcome.m, n: outcome.n, tick: new Date(outcome.tick).toISOString(), conditions: values } : {}),
          ...(outcome.kind === "no_data" ? { m: outcome.m, n: outcome.n } : {}),
          ...(outcome.kind === "error" ? { error: outcome.message } : {}),
        }
      : null;
    stateWrites.push({ ruleId: rule.id, resourceId: resource.id, resourceKind: rule.kind, resourceName: resource.name, row: decision.row, values: recorded });
    if (decision.transition) transitions.push({ ruleId: rule.id, resourceId: resource.id, from: prev?.state ?? "ok", to: next, seq: decision.row.seq, values: recorded ?? {}, muted });
    if (!decision.notify) return;
    intents.push({
      rule,
      resource,
      row: decision.row,
      notify: decision.notify,
      since: decision.notify === "resolved" ? (prev?.since ?? now) : decision.row.since,
      // A resolve or a repeat describes the values that made it fire; those are read from the stored state below.
      values: decision.transition && decision.notify !== "resolved" ? values : null,
      ...(outcome.kind === "error" ? { error: outcome.message } : {}),
    });
  };

  for (const { rule, pairs } of planned) {
    const ticks = tickPlan(rule.conditions, rule.duration, now.getTime());
    const target = { ...rule, kind: rule.scope.kind };
    const ruleStates = states.get(rule.id);
    const bucketsOf = rule.conditions.map((c) => buckets.get(groupKey(c.metric, c.stat, c.windowSeconds)));
    const seenHere = ruleStates ? new Set<string>() : null;
    for (const { resource, series: ids } of pairs) {
      const series = rule.conditions.map((c, i) => mergeSeries(ids[i] ?? [], bucketsOf[i], c.comparator));
      const outcome = evaluateTicks(rule.conditions, rule.combine, ticks, series);
      const prev = ruleStates?.get(resource.id);
      const prevState = prev?.state ?? "ok";
      const next = nextState(prevState, outcome, rule.noData);
      // Most pairs stay OK: only a change, or an alerting state (repeats, a mute ending), needs a decision.
      if (next !== prevState || ALERTING_STATES.has(prevState)) apply(target, resource, next, outcome, (tick) => conditionValues(rule.conditions, series, tick));
      seenHere?.add(resource.id);
    }
    if (seenHere) seen.set(rule.id, seenHere);
    report.pairs += pairs.length;
  }

  // Resources that left a rule's scope (vanished, stopped, untagged) resolve.
  for (const rule of rules) {
    for (const [resourceId, row] of states.get(rule.id) ?? []) {
      if (row.state === "ok" || seen.get(rule.id)?.has(resourceId)) continue;
      apply({ ...rule, kind: rule.scope.kind }, { id: resourceId, name: row.resourceName }, "ok", { kind: "left_scope" });
    }
  }
  // A rule whose stored definition no longer validates puts its alerts in ERROR.
  for (const row of broken) {
    const outcome: Outcome = { kind: "error", message: "the rule's definition is no longer valid; edit and save it" };
    for (const [resourceId, state] of states.get(row.id) ?? []) {
      if (state.state === "error") continue;
      apply({ id: row.id, name: row.name, severity: row.severity, channelIds: row.channelIds, repeatIntervalSeconds: row.repeatIntervalSeconds, sendResolved: row.sendResolved, kind: state.resourceKind as AlertKind }, { id: resourceId, name: state.resourceName }, "error", outcome);
    }
  }
  lap("evaluate");

  const needValues = intents.filter((i) => i.values === null);
  const stored = new Map<string, ConditionValue[]>();
  if (needValues.length) {
    const rows = await tx.execute<{ rule_id: string; resource_id: string; values: Record<string, unknown> }>(sql`
      select rule_id, resource_id, values from alert_states
       where tenant_id = ${tenantId}
         and (rule_id, resource_id) in (select * from unnest(${sql.param(needValues.map((i) => i.rule.id))}::uuid[], ${sql.param(needValues.map((i) => i.resource.id))}::text[]))`);
    for (const r of rows.rows) stored.set(`${r.rule_id}|${r.resource_id}`, (r.values.conditions as ConditionValue[] | undefined) ?? []);
  }
  const outbox: OutboxEntry[] = [];
  const inAppGroups = new Map<string, { name: string; severity: Rule["severity"]; kind: OutboxKind; names: string[] }>();
  for (const intent of intents) {
    const { rule, resource } = intent;
    const message = buildAlertMessage({
      kind: intent.notify,
      workspace: tenant,
      rule: { id: rule.id, name: rule.name, severity: rule.severity },
      resource: { kind: rule.kind, id: resource.id, name: resource.name },
      values: intent.values ?? stored.get(`${rule.id}|${resource.id}`) ?? [],
      ...(intent.error ? { error: intent.error } : {}),
      since: intent.since,
      now,
      origin,
    });
    for (const channelId of rule.channelIds) {
      if (!enabledChannels.has(channelId)) continue;
      outbox.push({ idempotencyKey: idempotencyKey(rule.id, resource.id, intent.row, intent.notify, channelId), channelId, ruleId: rule.id, resourceId: resource.id, kind: intent.notify, message });
    }
    if (intent.notify === "repeat") continue;
    const key = `${rule.id}|${intent.notify}`;
    const group = inAppGroups.get(key) ?? { name: rule.name, severity: rule.severity, kind: intent.notify, names: [] };
    group.names.push(resource.name && resource.name !== resource.id ? `${resource.name} (${resource.id})` : resource.id);
    inAppGroups.set(key, group);
  }
  const inApp: NewNotification[] = [...inAppGroups.values()].map(({ name, severity, kind, names }) => ({
    title: `${IN_APP_TITLES[kind]}: ${name}`,
    body: names.length > 5 ? `${names.slice(0, 5).join(", ")} and ${names.length - 5} more` : names.join(", "),
    link: "/alerts",
    severity: kind === "resolved" ? "info" : severity,
  }));
  await writeEvaluation(tx, tenantId, now, stateWrites, transitions);
  report.notifications = await enqueueNotifications(tx, tenantId, outbox, now);
  if (inApp.length) await notifyMembers(tx, tenantId, inApp, { at: now });
  await recordRuleErrors(tx, tenantId, broken.map((r) => r.id));
  report.transitions = transitions.length;
  await tx.execute(sql`
    insert into alert_evaluations (tenant_id, evaluated_at, rules, pairs, duration_ms)
    values (${tenantId}, ${now.toISOString()}::timestamptz, ${report.rules}, ${report.pairs}, ${Math.round(performance.now() - started)})
    on conflict (tenant_id) do update set evaluated_at = excluded.evaluated_at, rules = excluded.rules, pairs = excluded.pairs, duration_ms = excluded.duration_ms`);
  lap("write");
  return report;
}

const IN_APP_TITLES: Record<OutboxKind, string> = { firing: "Firing", resolved: "Resolved", repeat: "Still firing", no_data: "No data", error: "Error" };

/** Only rules whose error state changed are written (not every rule every minute). */
async function recordRuleErrors(tx: Tx, tenantId: string, brokenIds: string[]): Promise<void> {
  await tx.execute(sql`
    update alert_rules set last_error = case when id = any(${sql.param(brokenIds)}::uuid[]) then 'The rule''s definition is no longer valid; edit and save it.' else null end
     where tenant_id = ${tenantId}
       and (last_error is not null or id = any(${sql.param(brokenIds)}::uuid[]))
       and last_error is distinct from case when id = any(${sql.param(brokenIds)}::uuid[]) then 'The rule''s definition is no longer valid; edit and save it.' else null end`);
}
