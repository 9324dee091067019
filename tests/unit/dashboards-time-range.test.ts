import { describe, expect, it } from "vitest";
import { parseDashboardRef, formatDashboardRef, dashboardPath } from "@/lib/dashboards/dashboard-ref";
import { rangeQuery, resolveTimeRange } from "@/lib/dashboards/time-range";

const NOW = new Date("2026-03-20T12:00:00Z");

describe("resolveTimeRange", () => {
  it("defaults to 24 h ending now, or the page's default", () => {
    expect(resolveTimeRange({}, NOW)).toMatchObject({ preset: "24h", from: new Date("2026-03-19T12:00:00Z"), to: NOW, refresh: "off", problems: [] });
    expect(resolveTimeRange({}, NOW, { preset: "30d" }).from).toEqual(new Date("2026-02-18T12:00:00Z"));
  });

  it("reads presets, custom ranges and refresh from the URL", () => {
    expect(resolveTimeRange({ range: "7d", refresh: "1m" }, NOW)).toMatchObject({ preset: "7d", from: new Date("2026-03-13T12:00:00Z"), refresh: "1m" });
    expect(resolveTimeRange({ from: "2026-03-01T00:00:00Z", to: "2026-03-02T00:00:00Z" }, NOW)).toMatchObject({ preset: "custom", from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-02T00:00:00Z") });
    expect(resolveTimeRange({ from: String(Date.parse("2026-03-01T00:00:00Z")), to: "2026-03-02T00:00:00Z" }, NOW).preset).toBe("custom");
  });

  it("as known at: the range ends at that moment and auto-refresh is off", () => {
    const r = resolveTimeRange({ range: "6h", asOf: "2026-03-18T09:00:00Z", refresh: "30s" }, NOW);
    expect(r).toMatchObject({ asOf: new Date("2026-03-18T09:00:00Z"), to: new Date("2026-03-18T09:00:00Z"), from: new Date("2026-03-18T03:00:00Z"), refresh: "off" });
    expect(resolveTimeRange({ asOf: "2027-01-01T00:00:00Z" }, NOW).asOf).toBeUndefined();
  });

  it("ignores bad parameters with a message instead of failing the page", () => {
    const r = resolveTimeRange({ range: "2y", asOf: "yesterday", from: "x", to: "2026-03-01T00:00:00Z", refresh: "1s" }, NOW);
    expect(r).toMatchObject({ preset: "24h", to: NOW, refresh: "off" });
    expect(r.asOf).toBeUndefined();
    expect(r.problems).toHaveLength(3);
  });

  it("round-trips through rangeQuery", () => {
    const q = rangeQuery({ preset: "custom", from: new Date("2026-03-01T00:00:00Z"), to: new Date("2026-03-02T00:00:00Z"), asOf: new Date("2026-03-05T00:00:00Z"), refresh: "5m" });
    const back = resolveTimeRange(Object.fromEntries(q), NOW);
    expect(back).toMatchObject({ preset: "custom", from: new Date("2026-03-01T00:00:00Z"), asOf: new Date("2026-03-05T00:00:00Z"), refresh: "off" });
    expect(rangeQuery({ preset: "7d" }).toString()).toBe("range=7d");
  });
});

describe("dashboard refs", () => {
  it("parse and format every kind", () => {
    for (const ref of ["overview", "ec2-fleet", "costs", "ec2-instance.i-0abc123", "eks-cluster.prod-main", "custom.0b7e8a4e-1c2d-4e5f-8a9b-0c1d2e3f4a5b"]) {
      expect(formatDashboardRef(parseDashboardRef(ref))).toBe(ref);
    }
    expect(dashboardPath(parseDashboardRef("ec2-instance.i-0abc123"))).toBe("/dashboards/ec2/i-0abc123");
  });

  it.each(["", "nope", "overview.x", "ec2-instance", "ec2-instance.not-an-id", "eks-cluster.../etc", "custom.123", "__proto__"])("rejects %j", (ref) => {
    expect(() => parseDashboardRef(ref)).toThrow(/No such dashboard/);
  });
});
