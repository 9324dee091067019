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
  | { kind: "data"; breaching: number; considered: number; m: number; n: number; tick: number; values: ConditionValue[] }
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

type TickResult = { hasData: boolean; breaching: boolean; values: ConditionValue[] };

function evaluateTick(conditions: readonly Condition[], combine: "and" | "or", series: readonly ConditionSeries[], tick: number): TickResult {
  const values = conditions.map((c, i): ConditionValue => {
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
  const present = values.filter((v) => v.value !== null);
  const hasData = combine === "and" ? present.length === values.length : present.length > 0;
  const breaching = hasData && (combine === "and" ? values.every((v) => v.breaching) : values.some((v) => v.breaching));
  return { hasData, breaching, values };
}

export type EvaluateInput = {
  conditions: readonly Condition[];
  combine: "and" | "or";
  duration: Duration;
  /** Evaluation time, epoch ms. */
  now: number;
  series: readonly ConditionSeries[];
};

export function evaluateRule({ conditions, combine, duration, now, series }: EvaluateInput): Outcome {
  const step = ruleStep(conditions);
  const { m, n } = ticksFor(duration, step);
  const newest = lastTick(now, step);
  const considered: { tick: number; result: TickResult }[] = [];
  const range = rangeTicks(n, step);
  for (let k = 0; k < range && considered.length < n; k++) {
    const tick = newest - k * step * 1000;
    const result = evaluateTick(conditions, combine, series, tick);
    if (result.hasData) considered.push({ tick, result });
  }
  const latest = considered[0];
  if (!latest) return { kind: "no_data", m, n };
  return {
    kind: "data",
    breaching: considered.filter((c) => c.result.breaching).length,
    considered: considered.length,
    m,
    n,
    tick: latest.tick,
    values: latest.result.values,
  };
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
