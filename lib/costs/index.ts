/*
 * Cost read queries over the versioned `cost_records` (written by lib/collect/costs). Every read
 * takes `asOf` (recorded time): the figures as Monitr knew them then. The spend forecast is
 * lib/insights' (it reads these queries, so it cannot live here).
 */
export { dailySpend, type DailySpend } from "./daily-spend";
export { spendByService, spendByTag, costTagKeys, type CostGroup } from "./breakdowns";
export { monthOverMonth, type MonthOverMonth, type MonthTotal } from "./month-over-month";
export { topDrivers, type CostDriver } from "./top-drivers";
export { loadCostSummary, CostSummaryInput, type CostSummary } from "./cost-summary";
export { isoDay, dayStart, monthStart, addMonths, DAY_MS } from "./cost-scope";
