import { describe, expect, it } from "vitest";
import { decide, evaluateRule, isMuteActive, nextState, type MuteWindow, type Outcome, type RuleInput, type StateRow } from "@/lib/alerts";
import type { Condition } from "@/lib/alerts/schemas";
import { ruleProblems } from "@/lib/alerts/validate-rule";

const MIN = 60_000;
const T = Date.UTC(2026, 0, 5, 12, 0, 0);
const cpu: Condition = { metric: "CWAgent/mem_used_percent", stat: "avg", windowSeconds: 60, comparator: "gt", threshold: 80 };
const disk: Condition = { metric: "CWAgent/disk_used_percent", stat: "max", windowSeconds: 60, comparator: "gt", threshold: 90 };

/** Bucket values at T + minute offsets (a bucket [t, t+1min) is read by the tick at t+1min). */
const series = (points: [number, number][]) => new Map(points.map(([m, v]) => [T + m * MIN, v]));

describe("evaluateRule", () => {
  it("counts breaching ticks of the newest N with data", () => {
    const s = series([[0, 95], [1, 96], [2, 50]]);
    expect(evaluateRule({ conditions: [cpu], combine: "and", duration: { type: "for", seconds: 120 }, now: T + 2 * MIN, series: [s] })).toMatchObject({ kind: "data", breaching: 2, m: 2, n: 2 });
    expect(evaluateRule({ conditions: [cpu], combine: "and", duration: { type: "for", seconds: 120 }, now: T + 3 * MIN, series: [s] })).toMatchObject({ kind: "data", breaching: 1 });
  });

  it("skips ticks whose data has not arrived, within the grace range", () => {
    const s = series([[0, 95]]);
    expect(evaluateRule({ conditions: [cpu], combine: "and", duration: { type: "for", seconds: 60 }, now: T + 10 * MIN, series: [s] })).toMatchObject({ kind: "data", breaching: 1, tick: T + MIN });
    expect(evaluateRule({ conditions: [cpu], combine: "and", duration: { type: "for", seconds: 60 }, now: T + 20 * MIN, series: [s] })).toMatchObject({ kind: "no_data" });
  });

  it("needs every condition for AND and any for OR", () => {
    const hot = series([[0, 95]]);
    const cool = series([[0, 10]]);
    const args = { duration: { type: "for", seconds: 60 } as const, now: T + MIN };
    expect(evaluateRule({ ...args, conditions: [cpu, disk], combine: "and", series: [hot, cool] })).toMatchObject({ breaching: 0 });
    expect(evaluateRule({ ...args, conditions: [cpu, disk], combine: "or", series: [hot, cool] })).toMatchObject({ breaching: 1 });
    // AND without the second metric at all is no data; OR decides on what it has.
    expect(evaluateRule({ ...args, conditions: [cpu, disk], combine: "and", series: [hot, new Map()] })).toMatchObject({ kind: "no_data" });
    expect(evaluateRule({ ...args, conditions: [cpu, disk], combine: "or", series: [hot, new Map()] })).toMatchObject({ breaching: 1 });
  });
});

describe("nextState", () => {
  const data = (breaching: number, m = 3): Outcome => ({ kind: "data", breaching, considered: 3, m, n: 3, tick: 0 });
  it("walks OK → PENDING → FIRING → OK", () => {
    expect(nextState("ok", data(1), "keep")).toBe("pending");
    expect(nextState("pending", data(3), "keep")).toBe("firing");
    expect(nextState("firing", data(2), "keep")).toBe("ok");
    expect(nextState("pending", data(0), "keep")).toBe("ok");
  });
  it("applies the No Data mode", () => {
    const none: Outcome = { kind: "no_data", m: 1, n: 1 };
    expect(nextState("firing", none, "alerting")).toBe("no_data");
    expect(nextState("firing", none, "ok")).toBe("ok");
    expect(nextState("firing", none, "keep")).toBe("firing");
    expect(nextState("ok", { kind: "error", message: "x" }, "keep")).toBe("error");
  });
});

describe("decide", () => {
  const now = new Date(T);
  const later = (min: number) => new Date(T + min * MIN);
  const opts = { now, muted: false, repeatIntervalSeconds: 600, sendResolved: true };
  it("notifies on firing, repeats after the interval, resolves once", () => {
    const fired = decide(undefined, "firing", opts);
    expect(fired).toMatchObject({ transition: true, notify: "firing", row: { seq: 1, notifiedSeq: 1 } });
    expect(decide(fired.row, "firing", { ...opts, now: later(5) }).notify).toBeNull();
    const repeat = decide(fired.row, "firing", { ...opts, now: later(10) });
    expect(repeat).toMatchObject({ transition: false, notify: "repeat", row: { repeatCount: 1 } });
    expect(decide(repeat.row, "ok", { ...opts, now: later(11) })).toMatchObject({ transition: true, notify: "resolved", row: { seq: 2 } });
  });
  it("stays quiet while muted, announces when the mute ends, and never resolves an unannounced alert", () => {
    const muted = decide(undefined, "firing", { ...opts, muted: true });
    expect(muted).toMatchObject({ transition: true, notify: null, row: { seq: 1, notifiedSeq: 0 } });
    expect(decide(muted.row, "firing", { ...opts, now: later(2) })).toMatchObject({ notify: "firing", row: { notifiedSeq: 1 } });
    expect(decide(muted.row, "ok", { ...opts, now: later(2) })).toMatchObject({ transition: true, notify: null });
  });
  it("does not repeat an acknowledged alert", () => {
    const row: StateRow = { ...decide(undefined, "firing", opts).row, acknowledgedAt: later(1) };
    expect(decide(row, "firing", { ...opts, now: later(30) }).notify).toBeNull();
  });
});

describe("mute windows", () => {
  it("covers a one-off range and weekly hours in a time zone", () => {
    expect(isMuteActive({ kind: "once", ruleId: null, startsAt: new Date(T), endsAt: new Date(T + 10 * MIN) }, new Date(T + 5 * MIN))).toBe(true);
    expect(isMuteActive({ kind: "once", ruleId: null, startsAt: new Date(T), endsAt: new Date(T + 10 * MIN) }, new Date(T + 10 * MIN))).toBe(false);
    // 2026-01-05 is a Monday; 12:00 UTC is 13:00 in Berlin.
    const weekly: MuteWindow = { kind: "weekly", ruleId: null, weekdays: [1], startMinute: 13 * 60, endMinute: 14 * 60, timezone: "Europe/Berlin" };
    expect(isMuteActive(weekly, new Date(T))).toBe(true);
    expect(isMuteActive(weekly, new Date(T + 60 * MIN))).toBe(false);
    expect(isMuteActive({ ...weekly, weekdays: [2] }, new Date(T))).toBe(false);
  });
});

describe("ruleProblems", () => {
  it("rejects a duration shorter than the collection period and windows below it", () => {
    const base: Omit<RuleInput, "scope" | "conditions" | "duration"> = { name: "r", enabled: true, combine: "and", noData: "keep", severity: "warning", channelIds: [], repeatIntervalSeconds: 0, sendResolved: true };
    const ec2: RuleInput["scope"] = { type: "kind", kind: "ec2_instance" };
    expect(ruleProblems({ ...base, scope: ec2, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }], duration: { type: "for", seconds: 60 } })).toHaveProperty("duration.seconds");
    expect(ruleProblems({ ...base, scope: ec2, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 60, comparator: "gt", threshold: 80 }], duration: { type: "for", seconds: 300 } })).toHaveProperty(["conditions.0.windowSeconds"]);
    expect(ruleProblems({ ...base, scope: { type: "kind", kind: "eks_pod" }, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }], duration: { type: "for", seconds: 300 } })).toHaveProperty(["conditions.0.metric"]);
    expect(ruleProblems({ ...base, scope: ec2, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }], duration: { type: "m_of_n", m: 4, n: 3 } })).toHaveProperty(["duration.m"]);
    expect(ruleProblems({ ...base, scope: ec2, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }], duration: { type: "for", seconds: 300 } })).toEqual({});
  });
});
