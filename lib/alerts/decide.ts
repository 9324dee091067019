import type { OutboxKind } from "@/lib/notify";
import { ALERTING_STATES, type AlertState } from "./schemas";

/*
 * What a new state means for notifications, pure. Rules:
 * - entering FIRING / NO DATA / ERROR notifies, unless muted (then it is announced when the mute
 *   ends, if still alerting);
 * - leaving an alerting state sends "resolved" when the rule wants it and the alert had been
 *   announced (a firing nobody heard of resolves silently);
 * - while alerting, a repeat goes out every repeat interval unless acknowledged or muted.
 */
export type StateRow = {
  state: AlertState;
  seq: number;
  since: Date;
  notifiedSeq: number;
  lastNotifiedAt: Date | null;
  repeatCount: number;
  acknowledgedAt: Date | null;
};

export type Decision = { row: StateRow; transition: boolean; notify: OutboxKind | null };

const ALERT_KIND: Record<"firing" | "no_data" | "error", OutboxKind> = { firing: "firing", no_data: "no_data", error: "error" };

function alertKind(state: AlertState): OutboxKind {
  return state === "no_data" || state === "error" ? ALERT_KIND[state] : ALERT_KIND.firing;
}

export const INITIAL_ROW = (now: Date): StateRow => ({ state: "ok", seq: 0, since: now, notifiedSeq: 0, lastNotifiedAt: null, repeatCount: 0, acknowledgedAt: null });

export function decide(
  previous: StateRow | undefined,
  next: AlertState,
  options: { now: Date; muted: boolean; repeatIntervalSeconds: number; sendResolved: boolean },
): Decision {
  const { now, muted } = options;
  const prev = previous ?? INITIAL_ROW(now);
  if (next !== prev.state) {
    const seq = prev.seq + 1;
    const row: StateRow = { ...prev, state: next, seq, since: now, repeatCount: 0, acknowledgedAt: null };
    let notify: OutboxKind | null = null;
    if (ALERTING_STATES.has(next)) {
      if (!muted) {
        notify = alertKind(next);
        row.notifiedSeq = seq;
        row.lastNotifiedAt = now;
      }
    } else if (ALERTING_STATES.has(prev.state) && prev.notifiedSeq === prev.seq) {
      if (options.sendResolved && !muted) {
        notify = "resolved";
        row.lastNotifiedAt = now;
      }
      row.notifiedSeq = seq;
    }
    return { row, transition: true, notify };
  }
  if (!ALERTING_STATES.has(prev.state) || muted) return { row: prev, transition: false, notify: null };
  if (prev.notifiedSeq < prev.seq) {
    return { row: { ...prev, notifiedSeq: prev.seq, lastNotifiedAt: now }, transition: false, notify: alertKind(prev.state) };
  }
  const repeatDue =
    options.repeatIntervalSeconds > 0 &&
    !prev.acknowledgedAt &&
    prev.lastNotifiedAt !== null &&
    now.getTime() - prev.lastNotifiedAt.getTime() >= options.repeatIntervalSeconds * 1000;
  if (repeatDue) return { row: { ...prev, repeatCount: prev.repeatCount + 1, lastNotifiedAt: now }, transition: false, notify: "repeat" };
  return { row: prev, transition: false, notify: null };
}

/** The outbox key: one message per (rule, resource, transition, channel), and per repeat. */
export function idempotencyKey(ruleId: string, resourceId: string, row: StateRow, kind: OutboxKind, channelId: string): string {
  const what = kind === "repeat" ? `repeat-${row.repeatCount}` : kind;
  return `${ruleId}|${resourceId}|${row.seq}|${what}|${channelId}`;
}
