import { dot, invert, mulVec, quad, xtx, xty } from "./linear-algebra";

/*
 * Forecast method (documented on the Insights page and in docs/architecture.md):
 * ordinary least squares on the last FIT_DAYS complete days of total daily spend with a linear
 * trend and one coefficient per weekday (y = a + b·t + Σ c_w·[weekday = w]), so weekends are
 * part of the model instead of noise. Days the anomaly rule flags are left out of the fit, so one
 * spike does not tilt the line or widen the band. Each forecast day gets an 80 % prediction
 * interval ŷ ± t·s·√(1 + x₀ᵀ(XᵀX)⁻¹x₀); a total over k days has variance s²·(k + Σx₀ᵀ(XᵀX)⁻¹Σx₀)
 * (independent errors). t is Student's 0.90 quantile by the Cornish–Fisher approximation.
 */
export const FIT_DAYS = 56;
export const MIN_FIT_DAYS = 21;
export const CONFIDENCE = 0.8;
const Z90 = 1.2816;
const DAY_MS = 86_400_000;

export type DailyPoint = { day: string; amount: number };
export type ForecastPoint = { day: string; amount: number; low: number; high: number };
export type SpendForecast =
  | {
      available: true;
      method: string;
      fittedOn: { from: string; to: string; days: number; excluded: string[] };
      residualStd: number;
      days: ForecastPoint[];
      total: { amount: number; low: number; high: number };
    }
  | { available: false; reason: string };

const dayIndex = (day: string): number => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const isoOf = (index: number): string => new Date(index * DAY_MS).toISOString().slice(0, 10);
const tQuantile = (df: number): number => Z90 + (Z90 ** 3 + Z90) / (4 * Math.max(1, df));

function features(index: number, origin: number): number[] {
  // Monday is the reference weekday; its effect is in the intercept.
  const weekday = ((index + 4) % 7 + 7) % 7; // 0 = Sunday (1970-01-01 was a Thursday)
  const dummies = [0, 2, 3, 4, 5, 6].map((w) => (weekday === w ? 1 : 0));
  return [1, (index - origin) / 7, ...dummies];
}

export const FORECAST_METHOD = `Linear trend plus a weekday effect, least squares on the last ${FIT_DAYS} complete days (anomalous days left out), ${Math.round(CONFIDENCE * 100)} % prediction interval`;

/**
 * Forecasts the days [startDay, startDay + horizon) from `history` (complete days only, in order;
 * days missing in between count as absent, not zero). `exclude` are days to leave out of the fit.
 */
export function forecastSpend(history: DailyPoint[], startDay: string, horizon: number, exclude: ReadonlySet<string> = new Set()): SpendForecast {
  const start = dayIndex(startDay);
  const usable = history.filter((d) => dayIndex(d.day) < start).slice(-FIT_DAYS);
  const fit = usable.filter((d) => !exclude.has(d.day));
  if (fit.length < MIN_FIT_DAYS) return { available: false, reason: `A forecast needs at least ${MIN_FIT_DAYS} days of cost history; Monitr has ${fit.length}.` };
  const origin = dayIndex(fit[fit.length - 1]!.day);
  const X = fit.map((d) => features(dayIndex(d.day), origin));
  const y = fit.map((d) => d.amount);
  const inv = invert(xtx(X));
  if (!inv) return { available: false, reason: "The cost history is too regular to fit (every weekday must appear)." };
  const beta = mulVec(inv, xty(X, y));
  const p = beta.length;
  const sse = X.reduce((a, x, i) => a + (y[i]! - dot(x, beta)) ** 2, 0);
  const df = X.length - p;
  const s = df > 0 ? Math.sqrt(sse / df) : 0;
  const t = tQuantile(df);
  const days: ForecastPoint[] = [];
  const sum = new Array<number>(p).fill(0);
  let total = 0;
  for (let i = 0; i < horizon; i++) {
    const x = features(start + i, origin);
    const yHat = Math.max(0, dot(x, beta));
    const half = t * s * Math.sqrt(1 + quad(inv, x));
    days.push({ day: isoOf(start + i), amount: yHat, low: Math.max(0, yHat - half), high: yHat + half });
    x.forEach((v, j) => (sum[j]! += v));
    total += yHat;
  }
  const halfTotal = t * s * Math.sqrt(horizon + quad(inv, sum));
  return {
    available: true,
    method: FORECAST_METHOD,
    fittedOn: { from: fit[0]!.day, to: fit[fit.length - 1]!.day, days: fit.length, excluded: usable.filter((d) => exclude.has(d.day)).map((d) => d.day) },
    residualStd: s,
    days,
    total: { amount: total, low: Math.max(0, total - halfTotal), high: total + halfTotal },
  };
}

export type Backtest = { cutoffs: number; meanAbsPctError: number; maxAbsPctError: number; dailyCoverage: number };

/**
 * Holds back `horizon` days after each cutoff, forecasts them from the days before, and measures
 * the error of the horizon's total and how many actual days fell inside their daily interval.
 */
export function backtestForecast(history: DailyPoint[], cutoffDays: string[], horizon: number, exclude: ReadonlySet<string> = new Set()): Backtest {
  const byDay = new Map(history.map((d) => [d.day, d.amount]));
  const errors: number[] = [];
  let inside = 0;
  let judged = 0;
  for (const cutoff of cutoffDays) {
    const f = forecastSpend(history, cutoff, horizon, exclude);
    if (!f.available) continue;
    const actual = f.days.reduce((a, d) => a + (byDay.get(d.day) ?? NaN), 0);
    if (!Number.isFinite(actual) || actual <= 0) continue;
    errors.push(Math.abs(f.total.amount - actual) / actual);
    for (const d of f.days) {
      const a = byDay.get(d.day);
      if (a === undefined || exclude.has(d.day)) continue;
      judged++;
      if (a >= d.low && a <= d.high) inside++;
    }
  }
  return {
    cutoffs: errors.length,
    meanAbsPctError: errors.reduce((a, e) => a + e, 0) / Math.max(1, errors.length),
    maxAbsPctError: Math.max(0, ...errors),
    dailyCoverage: judged ? inside / judged : 0,
  };
}
