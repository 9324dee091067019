import { describe, expect, it } from "vitest";
import { backtestForecast, detectAnomalies, forecastSpend, type DailyPoint } from "@/lib/insights";

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 5); // a Monday
const iso = (i: number) => new Date(START + i * DAY).toISOString().slice(0, 10);
const weekend = (i: number) => [5, 6].includes(i % 7);
/** A growing line with lower weekends: exactly the forecast's model. */
const exact = (i: number) => 100 + 0.5 * i - (weekend(i) ? 20 : 0);
const series = (n: number, f: (i: number) => number): DailyPoint[] => Array.from({ length: n }, (_, i) => ({ day: iso(i), amount: f(i) }));
/** Deterministic ±3 % noise. */
const noise = (i: number) => 1 + 0.03 * Math.sin(i * 12.9898) * Math.cos(i * 78.233);

describe("forecastSpend (trend + weekday least squares)", () => {
  it("reproduces an exact trend-and-weekday series with a zero-width interval", () => {
    const f = forecastSpend(series(70, exact), iso(70), 14);
    if (!f.available) throw new Error(f.reason);
    f.days.forEach((d, k) => expect(d.amount).toBeCloseTo(exact(70 + k), 6));
    expect(f.total.high - f.total.low).toBeLessThan(1e-6);
    expect(f.fittedOn.days).toBe(56);
  });

  it("needs three weeks of history", () => {
    expect(forecastSpend(series(10, exact), iso(10), 5)).toMatchObject({ available: false });
  });

  it("leaves excluded days out of the fit", () => {
    const spiky = series(70, (i) => exact(i) * (i === 60 ? 5 : 1));
    const f = forecastSpend(spiky, iso(70), 7, new Set([iso(60)]));
    if (!f.available) throw new Error(f.reason);
    expect(f.days[0]!.amount).toBeCloseTo(exact(70), 6);
    expect(f.fittedOn.excluded).toEqual([iso(60)]);
  });

  it("backtests within 2 % on noisy data and covers most days with its 80 % band", () => {
    const noisy = series(200, (i) => exact(i) * noise(i));
    const r = backtestForecast(noisy, [iso(120), iso(140), iso(160)], 30);
    expect(r.cutoffs).toBe(3);
    expect(r.meanAbsPctError).toBeLessThan(0.02);
    expect(r.dailyCoverage).toBeGreaterThan(0.6);
  });
});

describe("detectAnomalies (same-weekday median, k × MAD)", () => {
  const noisy = series(140, (i) => exact(i) * noise(i));

  it("flags a spike and nothing else, weekends included", () => {
    const spiky = noisy.map((d, i) => (i === 120 ? { ...d, amount: d.amount * 1.5 } : d));
    const flags = detectAnomalies(spiky, iso(84));
    expect(flags.map((a) => a.day)).toEqual([iso(120)]);
    expect(flags[0]).toMatchObject({ direction: "above" });
  });

  it("flags no weekend of a series whose weekends are much lower", () => {
    const deep = series(140, (i) => (weekend(i) ? 30 : 100) * noise(i));
    expect(detectAnomalies(deep, iso(84))).toEqual([]);
  });

  it("skips estimated days and small absolute changes", () => {
    const estimated = noisy.map((d, i) => (i === 130 ? { ...d, amount: d.amount / 2, estimated: true } : d));
    expect(detectAnomalies(estimated, iso(84))).toEqual([]);
    const tiny = series(140, (i) => 0.5 * noise(i) * (i === 120 ? 2 : 1));
    expect(detectAnomalies(tiny, iso(84))).toEqual([]);
  });
});
