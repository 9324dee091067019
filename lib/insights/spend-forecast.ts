import { dailySpend, type DailySpend } from "@/lib/costs";
import type { Queryable } from "@/lib/db";
import { detectAnomalies } from "./anomalies";
import { forecastSpend, type ForecastPoint } from "./forecast";

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** History read for a forecast: the fit window plus the anomaly rule's own baseline before it. */
const HISTORY_DAYS = 56 + 8 * 7 + 28;

export type SpendOutlook =
  | {
      available: true;
      method: string;
      /** Spend of the month so far, Cost Explorer's estimates for the last days included. */
      monthToDate: number;
      monthEnd: { amount: number; low: number; high: number };
      next30: { amount: number; low: number; high: number };
      /** Daily forecast from the first non-final day through 30 days after today. */
      days: ForecastPoint[];
      history: DailySpend[];
      excludedDays: string[];
    }
  | { available: false; reason: string; monthToDate: number; history: DailySpend[] };

/**
 * The workspace's spend outlook at `now`: fitted on final days only (Cost Explorer's last two
 * days are estimates that still grow), so the month end is final days + the forecast of the rest.
 */
export async function loadSpendOutlook(tx: Queryable, args: { now: Date; asOf?: Date }): Promise<SpendOutlook> {
  const today = Math.floor(args.now.getTime() / DAY_MS) * DAY_MS;
  const monthStart = Date.UTC(args.now.getUTCFullYear(), args.now.getUTCMonth(), 1);
  const nextMonth = Date.UTC(args.now.getUTCFullYear(), args.now.getUTCMonth() + 1, 1);
  const history = await dailySpend(tx, { from: new Date(today - HISTORY_DAYS * DAY_MS), to: new Date(today), asOf: args.asOf });
  const monthToDate = history.filter((d) => Date.parse(`${d.day}T00:00:00Z`) >= monthStart).reduce((a, d) => a + d.amount, 0);
  const final = history.filter((d) => !d.estimated && Date.parse(`${d.day}T00:00:00Z`) < today);
  const firstOpen = final.length ? Date.parse(`${final[final.length - 1]!.day}T00:00:00Z`) + DAY_MS : today;
  const excluded = new Set(detectAnomalies(final).map((a) => a.day));
  const horizon = Math.round((today + 30 * DAY_MS - firstOpen) / DAY_MS);
  const f = forecastSpend(final, isoDay(firstOpen), horizon, excluded);
  if (!f.available) return { available: false, reason: f.reason, monthToDate, history };
  const finalInMonth = final.filter((d) => Date.parse(`${d.day}T00:00:00Z`) >= monthStart).reduce((a, d) => a + d.amount, 0);
  // Each total is its own forecast so its band is the band of a sum, not a sum of bands.
  const restStart = Math.max(firstOpen, monthStart);
  const rest = forecastSpend(final, isoDay(restStart), Math.max(0, Math.round((nextMonth - restStart) / DAY_MS)), excluded);
  const ahead = forecastSpend(final, isoDay(today), 30, excluded);
  const restTotal = rest.available ? rest.total : { amount: 0, low: 0, high: 0 };
  const aheadTotal = ahead.available ? ahead.total : { amount: 0, low: 0, high: 0 };
  return {
    available: true,
    method: f.method,
    monthToDate,
    monthEnd: { amount: finalInMonth + restTotal.amount, low: finalInMonth + restTotal.low, high: finalInMonth + restTotal.high },
    next30: aheadTotal,
    days: f.days,
    history,
    excludedDays: f.fittedOn.excluded,
  };
}
