import type { TenantContext } from "@/lib/auth/guard";
import { addMonths, dayStart, isoDay, loadCostSummary, type CostSummary, type CostSummaryInput } from "@/lib/costs";
import { withTenant, type Queryable } from "@/lib/db";
import { loadSpendOutlook, type ForecastPoint } from "@/lib/insights";

/*
 * The cost figures every cost surface shows (the Costs dashboard and its panels, /api/costs, the
 * PDF cost section): lib/costs' summary of what was spent, plus the one spend forecast of the
 * product, lib/insights' outlook (trend + weekday model with its 80 % band). lib/insights reads
 * lib/costs, so the two are put together here rather than inside lib/costs.
 */

export type CostForecast =
  | {
      available: true;
      method: string;
      /** The month the forecast ends, "YYYY-MM" (the month of "now", or of the past view's moment). */
      month: string;
      /** This month so far, Cost Explorer's estimates for the last days included. */
      monthToDate: number;
      monthEnd: { amount: number; low: number; high: number };
      /** Daily forecast with its band, from the first not-yet-final day through the month end. */
      days: ForecastPoint[];
      /** Days left out of the fit as anomalies. */
      excludedDays: string[];
    }
  | { available: false; month: string; reason: string };

export type CostView = CostSummary & { forecast: CostForecast };

/**
 * The month-end forecast as Monitr would have made it at `asOf` (default `now`): "as known at"
 * also moves "today", so a past view forecasts from the figures and the date of that moment.
 */
export async function loadCostForecast(tx: Queryable, args: { now: Date; asOf?: Date }): Promise<CostForecast> {
  const at = args.asOf ?? args.now;
  const month = isoDay(at.getTime()).slice(0, 7);
  const outlook = await loadSpendOutlook(tx, { now: at, ...(args.asOf ? { asOf: args.asOf } : {}) });
  if (!outlook.available) return { available: false, month, reason: outlook.reason };
  const monthEnd = isoDay(addMonths(dayStart(at.getTime()), 1));
  return {
    available: true,
    method: outlook.method,
    month,
    monthToDate: outlook.monthToDate,
    monthEnd: outlook.monthEnd,
    days: outlook.days.filter((d) => d.day < monthEnd),
    excludedDays: outlook.excludedDays,
  };
}

/** The summary and the forecast, read in one transaction so the figures agree. */
export async function loadCostView(tx: Queryable, input: CostSummaryInput & { now: Date }): Promise<CostView> {
  const summary = await loadCostSummary(tx, input);
  return { ...summary, forecast: await loadCostForecast(tx, { now: input.now, ...(input.asOf ? { asOf: input.asOf } : {}) }) };
}

/** The verb behind /api/costs: any member, viewers included, may read costs. */
export async function getCostView({ ctx, input }: { ctx: TenantContext; input: CostSummaryInput & { now?: Date } }): Promise<CostView> {
  return withTenant(ctx.tenant.id, (tx) => loadCostView(tx, { ...input, now: input.now ?? new Date() }), { db: ctx.db });
}
