import { describe, expect, it } from "vitest";
import { barChart, formatValue, lineChart, niceTicks, timeTicks } from "@/lib/reports/pdf/chart-geometry";

const box = { width: 500, height: 150, left: 40, right: 10, top: 10, bottom: 20 };

describe("chart geometry", () => {
  it("picks 1/2/5 steps that cover the data", () => {
    expect(niceTicks(0, 95, 4)).toEqual([0, 25, 50, 75, 100]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const flat = niceTicks(42, 42);
    expect(flat[0]).toBeLessThan(42);
    expect(flat[flat.length - 1]).toBeGreaterThan(42);
  });

  it("maps points into the plot and lifts the pen over gaps", () => {
    const g = lineChart([{ points: [[0, 0], [10, 100], [20, 50], [100, 50]] }], { from: 0, to: 100 }, box, 15);
    expect(g.plot).toEqual({ x0: 40, x1: 490, y0: 130, y1: 10 });
    expect(g.paths[0]).toBe("M40 130 L85 10 L130 70 M490 70");
    expect(g.yTicks[0]).toMatchObject({ value: 0, pos: 130 });
    expect(g.yTicks[g.yTicks.length - 1]).toMatchObject({ value: 100, pos: 10 });
  });

  it("draws nothing for an empty series and ignores points outside the range", () => {
    const g = lineChart([{ points: [] }, { points: [[-5, 1], [5, 1], [200, 1]] }], { from: 0, to: 10 }, box);
    expect(g.paths[0]).toBe("");
    expect(g.paths[1].startsWith("M265 ")).toBe(true);
    expect(g.paths[1].split(" L")).toHaveLength(1);
  });

  it("bars grow from the baseline in proportion", () => {
    const g = barChart([0, 50, 100], box);
    expect(g.bars[0].height).toBe(0);
    expect(g.bars[2].height).toBeCloseTo(2 * g.bars[1].height);
    expect(g.bars[2].y + g.bars[2].height).toBe(130);
  });

  it("labels values and times compactly", () => {
    expect(formatValue(1_234_567)).toBe("1.2M");
    expect(formatValue(12.5)).toBe("12.5");
    expect(formatValue(0)).toBe("0");
    const day = Date.UTC(2026, 0, 5);
    expect(timeTicks(day, day + 7 * 86_400_000).map((t) => t.label)).toContain("7 Jan");
    expect(timeTicks(day, day + 6 * 3_600_000)[0].label).toBe("5 Jan 00:00");
  });
});
