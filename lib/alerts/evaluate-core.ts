import type { AlertState, Comparator, Condition, Duration, NoDataMode } from "./schemas";

/*
 * The evaluation rule, pure: no clock, no database. A rule is evaluated on a grid of ticks `step`
 * seconds apart (the largest condition window; every allowed window divides the larger ones). At a
 * tick t, each condition's value is its statistic over [t - window, t). A tick "has data" when
 * every condition has a value (AND) or any has (OR), and "breaches" when the combination holds.
 *
 * CloudWatch delivers datapoints minutes late, so instead of the newest N ticks by the clock, the
 * newest N ticks *that have data* within a grace range are used (CloudWatch's evaluation range);
 * only when the whole range is empty is the resource in No Data.
 */
export const GRACE_SECONDS = 900;

export type ConditionValue = {
  metric: string;
  stat: string;
  windowSeconds: number;
  comparator: Comparator;
  threshold: number;
  value: number | null;
  breaching: boolean;
};

export type Outcome =
  /** `tick` is the newest tick with data; conditionValues() gives its values when a change needs them. */
  | { kind: "data"; breaching: number; considered: number; m: number; n: number; tick: number }
  | { kind: "no_data"; m: number; n: number }
  | { kind: "error"; message: string };

/** Per condition: bucket start (epoch ms) → the condition's statistic over that window. */
export type ConditionSeries = ReadonlyMap<number, number>;

export function ruleStep(conditions: readonly Pick<Condition, "windowSeconds">[]): number {
  return Math.max(...conditions.map((c) => c.windowSeconds));
}

/** M of N ticks: "for D" is every one of the ceil(D / step) ticks. */
export function ticksFor(duration: Duration, stepSeconds: number): { m: number; n: number } {
  if (duration.type === "m_of_n") return { m: duration.m, n: duration.n };
  const n = Math.max(1, Math.ceil(duration.seconds / stepSeconds));
  return { m: n, n };
}

/** How many ticks back evaluation reads: N plus the grace range. */
export function rangeTicks(n: number, stepSeconds: number): number {
  return n + Math.ceil(GRACE_SECONDS / stepSeconds);
}

/** The newest complete tick at or before `now` (ticks are aligned to the epoch). */
export function lastTick(nowMs: number, stepSeconds: number): number {
  const step = stepSeconds * 1000;
  return Math.floor(nowMs / step) * step;
}

export function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case "gt":
      return value > threshold;
    case "gte":
      return value >= threshold;
    case "lt":
      return value < threshold;
    case "lte":
      return value <= threshold;
  }
}

/** Where one resource has several series of a metric (one per disk), the one closest to breaching counts. */
export function worstOf(a: number, b: number, comparator: Comparator): number {
  return comparator === "gt" || comparator === "gte" ? Math.max(a, b) : Math.min(a, b);
}

/** Per tick: -1 no data, 0 data and not breaching, 1 breaching. Allocation-free: it runs for every (rule, resource, tick). */
function tickVerdict(conditions: readonly Condition[], combine: "and" | "or", series: readonly ConditionSeries[], tick: number): -1 | 0 | 1 {
  let present = 0;
  let breaching = 0;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i]!;
    const value = series[i]?.get(tick - c.windowSeconds * 1000);
    if (value === undefined || !Number.isFinite(value)) continue;
    present++;
    if (compare(value, c.comparator, c.threshold)) breaching++;
  }
  const hasData = combine === "and" ? present === conditions.length : present > 0;
  if (!hasData) return -1;
  return (combine === "and" ? breaching === conditions.length : breaching > 0) ? 1 : 0;
}

/** Each condition's value at a tick, against its threshold (what a transition records and a message shows). */
export function conditionValues(conditions: readonly Condition[], series: readonly ConditionSeries[], tick: number): ConditionValue[] {
  return conditions.map((c, i) => {
    const value = series[i]?.get(tick - c.windowSeconds * 1000);
    const present = value !== undefined && Number.isFinite(value);
    return {
      metric: c.metric,
      stat: c.stat,
      windowSeconds: c.windowSeconds,
      comparator: c.comparator,
      threshold: c.threshold,
      value: present ? value : null,
      breaching: present && compare(value, c.comparator, c.threshold),
    };
  });
}

export type EvaluateInput = {
  conditions: readonly Condition[];
  combine: "and" | "or";
  duration: Duration;
  /** Evaluation time, epoch ms. */
  now: number;
  series: readonly ConditionSeries[];
};

/** What a rule's evaluation at `now` looks at: computed once per rule and cycle, not per resource. */
export type TickPlan = { step: number; m: number; n: number; newest: number; range: number };

export function tickPlan(conditions: readonly Pick<Condition, "windowSeconds">[], duration: Duration, now: number): TickPlan {
  const step = ruleStep(conditions);
  const { m, n } = ticksFor(duration, step);
  return { step, m, n, newest: lastTick(now, step), range: rangeTicks(n, step) };
}

export function evaluateTicks(conditions: readonly Condition[], combine: "and" | "or", plan: TickPlan, series: readonly ConditionSeries[]): Outcome {
  const { m, n, step, newest, range } = plan;
  let considered = 0;
  let breaching = 0;
  let latest = -1;
  for (let k = 0; k < range && considered < n; k++) {
    const tick = newest - k * step * 1000;
    const verdict = tickVerdict(conditions, combine, series, tick);
    if (verdict < 0) continue;
    if (latest < 0) latest = tick;
    considered++;
    breaching += verdict;
  }
  if (latest < 0) return { kind: "no_data", m, n };
  return { kind: "data", breaching, considered, m, n, tick: latest };
}

export function evaluateRule({ conditions, combine, duration, now, series }: EvaluateInput): Outcome {
  return evaluateTicks(conditions, combine, tickPlan(conditions, duration, now), series);
}

/**
 * The state machine: OK → PENDING (breaching, not yet M of N) → FIRING (M of N) → OK. A firing
 * alert that drops below M resolves to OK rather than stepping back to PENDING. No Data follows
 * the rule's mode: alert (NO_DATA state), OK, or keep the last state.
 */
export function nextState(previous: AlertState, outcome: Outcome, noData: NoDataMode): AlertState {
  if (outcome.kind === "error") return "error";
  if (outcome.kind === "no_data") return noData === "alerting" ? "no_data" : noData === "ok" ? "ok" : previous;
  if (outcome.breaching >= outcome.m) return "firing";
  if (outcome.breaching === 0) return "ok";
  return previous === "firing" ? "ok" : "pending";
}
