import { DAY_MS, isoDay, monthStart, addMonths } from "./cost-scope";
import type { DailySpend } from "./daily-spend";

/** Days of complete history the regression is fitted on: two full weeks, so weekday/weekend swings balance out in the slope. */
export const FORECAST_LOOKBACK_DAYS = 14;
/** Fewer complete days than this and the line would be noise: no forecast. */
export const FORECAST_MIN_DAYS = 5;
/** The band is a central 80 % prediction interval. */
export const FORECAST_CONFIDENCE = 0.8;

// Student's t, 0.90 quantile (two-sided 80 %), by degrees of freedom; beyond 30 the normal's 1.2816.
const T90: Record<number, number> = {
  1: 3.078, 2: 1.886, 3: 1.638, 4: 1.533, 5: 1.476, 6: 1.44, 7: 1.415, 8: 1.397, 9: 1.383, 10: 1.372,
  11: 1.363, 12: 1.356, 13: 1.35, 14: 1.345, 15: 1.341, 16: 1.337, 17: 1.333, 18: 1.33, 19: 1.328, 20: 1.325,
  21: 1.323, 22: 1.321, 23: 1.319, 24: 1.318, 25: 1.316, 26: 1.315, 27: 1.314, 28: 1.313, 29: 1.311, 30: 1.31,
};
const t90 = (df: number): number => T90[df] ?? 1.2816;

export type ForecastDay = { day: string; amount: number; low: number; high: number };
export type MonthForecast =
  | {
      available: true;
      method: string;
      /** Spend of the month's complete days before today. */
      actualToDate: number;
      /** Forecast total for the whole month, with its band. */
      monthEnd: number;
      low: number;
      high: number;
      days: ForecastDay[];
      fittedOn: { from: string; to: string; days: number };
    }
  | { available: false; reason: string };

/**
 * Month-end forecast by ordinary least squares on the last FORECAST_LOOKBACK_DAYS complete days
 * (today is partial and estimated, so it is forecast, not fitted). Each remaining day gets the
 * line's value with an 80 % prediction interval (t · s · √(1 + 1/n + (x − x̄)²/Sxx)); the month
 * total adds the actual days to the predicted ones, and its band uses the variance of a sum of
 * k predictions: s² · (k + k²/n + (Σ(xᵢ − x̄))²/Sxx). Predictions are floored at zero.
 */
export function forecastMonthEnd(daily: DailySpend[], now: Date): MonthForecast {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const first = monthStart(today);
  const end = addMonths(today, 1);
  const complete = daily.filter((d) => Date.parse(`${d.day}T00:00:00Z`) < today);
  const history = complete.slice(-FORECAST_LOOKBACK_DAYS);
  if (history.length < FORECAST_MIN_DAYS) {
    return { available: false, reason: `A forecast needs at least ${FORECAST_MIN_DAYS} days of cost history; Monitr has ${history.length}.` };
  }
  const xs = history.map((d) => Date.parse(`${d.day}T00:00:00Z`) / DAY_MS);
  const ys = history.map((d) => d.amount);
  const n = xs.length;
  const xBar = xs.reduce((a, b) => a + b, 0) / n;
  const yBar = ys.reduce((a, b) => a + b, 0) / n;
  const sxx = xs.reduce((a, x) => a + (x - xBar) ** 2, 0);
  const sxy = xs.reduce((a, x, i) => a + (x - xBar) * (ys[i] - yBar), 0);
  const slope = sxx > 0 ? sxy / sxx : 0;
  const intercept = yBar - slope * xBar;
  const sse = xs.reduce((a, x, i) => a + (ys[i] - (intercept + slope * x)) ** 2, 0);
  const s = n > 2 ? Math.sqrt(sse / (n - 2)) : 0;
  const t = t90(Math.max(1, n - 2));

  const days: ForecastDay[] = [];
  let predicted = 0;
  let offsetSum = 0;
  for (let ms = today; ms < end; ms += DAY_MS) {
    const x = ms / DAY_MS;
    const y = Math.max(0, intercept + slope * x);
    const half = t * s * Math.sqrt(1 + 1 / n + (sxx > 0 ? (x - xBar) ** 2 / sxx : 0));
    days.push({ day: isoDay(ms), amount: y, low: Math.max(0, y - half), high: y + half });
    predicted += y;
    offsetSum += x - xBar;
  }
  const k = days.length;
  const actualToDate = complete.filter((d) => Date.parse(`${d.day}T00:00:00Z`) >= first).reduce((a, d) => a + d.amount, 0);
  const half = t * s * Math.sqrt(k + (k * k) / n + (sxx > 0 ? offsetSum ** 2 / sxx : 0));
  const monthEnd = actualToDate + predicted;
  return {
    available: true,
    method: `Linear regression on the last ${n} complete days, ${Math.round(FORECAST_CONFIDENCE * 100)} % prediction interval`,
    actualToDate,
    monthEnd,
    low: Math.max(actualToDate, monthEnd - half),
    high: monthEnd + half,
    days,
    fittedOn: { from: history[0].day, to: history[history.length - 1].day, days: n },
  };
}
