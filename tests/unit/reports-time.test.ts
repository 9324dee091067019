import { describe, expect, it } from "vitest";
import { monthRange, nextRunAt, requestForRun, resolveRange } from "@/lib/reports/time";
import { ReportRequest, ScheduleInput } from "@/lib/reports/schemas";

const at = (s: string) => new Date(s);

describe("report time windows", () => {
  const now = at("2026-03-18T10:30:00Z"); // a Wednesday

  it("resolves presets at the moment of generation", () => {
    expect(resolveRange({ preset: "7d" }, now)).toEqual({ from: at("2026-03-11T10:30:00Z"), to: now });
    expect(resolveRange({ preset: "last-week" }, now)).toEqual({ from: at("2026-03-09T00:00:00Z"), to: at("2026-03-16T00:00:00Z") });
    expect(resolveRange({ preset: "last-month" }, now)).toEqual({ from: at("2026-02-01T00:00:00Z"), to: at("2026-03-01T00:00:00Z") });
    expect(resolveRange({ preset: "last-month" }, at("2026-01-10T00:00:00Z"))).toEqual({ from: at("2025-12-01T00:00:00Z"), to: at("2026-01-01T00:00:00Z") });
    expect(resolveRange({ preset: "custom", from: "2026-01-01T00:00:00Z", to: "2026-01-02T00:00:00Z" }, now)).toEqual({ from: at("2026-01-01T00:00:00Z"), to: at("2026-01-02T00:00:00Z") });
    expect(monthRange("2026-12")).toEqual({ from: at("2026-12-01T00:00:00Z"), to: at("2027-01-01T00:00:00Z") });
  });

  it("schedules on Mondays or the 1st at 06:00 UTC, strictly after", () => {
    expect(nextRunAt("weekly", now)).toEqual(at("2026-03-23T06:00:00Z"));
    expect(nextRunAt("weekly", at("2026-03-23T05:59:00Z"))).toEqual(at("2026-03-23T06:00:00Z"));
    expect(nextRunAt("weekly", at("2026-03-23T06:00:00Z"))).toEqual(at("2026-03-30T06:00:00Z"));
    expect(nextRunAt("monthly", now)).toEqual(at("2026-04-01T06:00:00Z"));
    expect(nextRunAt("monthly", at("2026-12-01T05:00:00Z"))).toEqual(at("2026-12-01T06:00:00Z"));
    expect(nextRunAt("monthly", at("2026-12-01T06:00:00Z"))).toEqual(at("2027-01-01T06:00:00Z"));
  });

  it("makes a run cover the period that just ended", () => {
    const metrics = ReportRequest.parse({ kind: "metrics", format: "pdf", range: { preset: "custom", from: "2020-01-01T00:00:00Z", to: "2020-01-02T00:00:00Z" }, source: { by: "tag", key: "team", value: "web" } });
    expect(requestForRun(metrics, "weekly", now)).toMatchObject({ range: { preset: "last-week" } });
    const statement = ReportRequest.parse({ kind: "chargeback", format: "pdf", month: "2020-05", owner: { by: "tag", key: "team", value: "web" } });
    expect(requestForRun(statement, "monthly", at("2026-04-01T06:00:00Z"))).toMatchObject({ month: "2026-03" });
  });
});

describe("report schemas", () => {
  it("names the fields that are wrong", () => {
    const bad = ReportRequest.safeParse({ kind: "metrics", format: "xls", range: { preset: "custom", from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }, source: { by: "resources", resourceKind: "ec2_instance", resourceIds: [] } });
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(expect.arrayContaining(["format", "range.to", "source.resourceIds"]));
  });

  it("normalizes recipients and rejects bad ones", () => {
    const ok = ScheduleInput.parse({ name: "x", cadence: "monthly", recipients: "A@x.com; b@x.com a@x.com", request: { kind: "costs", format: "csv" , range: {} } });
    expect(ok.recipients).toEqual(["a@x.com", "b@x.com"]);
    expect(ScheduleInput.safeParse({ name: "x", cadence: "monthly", recipients: "not-an-email", request: { kind: "costs", format: "csv", range: {} } }).success).toBe(false);
  });
});
