/*
 * Cost read queries over the versioned `cost_records` (written by lib/collect/costs). Every read
 * takes `asOf` (recorded time): the figures as Monitr knew them then. Forecast method: see
 * forecast.ts.
 */
export { dailySpend, type DailySpend } from "./daily-spend";
export { spendByService, spendByTag, costTagKeys, type CostGroup } from "./breakdowns";
export { monthOverMonth, type MonthOverMonth, type MonthTotal } from "./month-over-month";
export { forecastMonthEnd, FORECAST_LOOKBACK_DAYS, FORECAST_CONFIDENCE, type MonthForecast, type ForecastDay } from "./forecast";
export { topDrivers, type CostDriver } from "./top-drivers";
export { getCostSummary, loadCostSummary, CostSummaryInput, type CostSummary } from "./cost-summary";
export { isoDay, dayStart, monthStart, DAY_MS } from "./cost-scope";
