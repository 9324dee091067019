/*
 * Insights (issue #9): spend forecast (forecast.ts: trend + weekday least squares, 80 % interval),
 * anomalies (anomalies.ts: same-weekday median, k × MAD), idle and wasted resources
 * (idle-checks.ts registry, CPU evidence from the metric store and a 14-day backfill),
 * period comparisons and EKS cost by namespace. Methods are stated where they are computed.
 */
export { forecastSpend, backtestForecast, FORECAST_METHOD, FIT_DAYS, CONFIDENCE, type DailyPoint, type ForecastPoint, type SpendForecast, type Backtest } from "./forecast";
export { detectAnomalies, ANOMALY_RULE, ANOMALY_K, type Anomaly, type SeriesDay } from "./anomalies";
export { loadSpendOutlook, type SpendOutlook } from "./spend-forecast";
export { CHECKS, CHECK_IDS, LOW_CPU, runChecks, findingKey, type CheckId, type Finding } from "./idle-checks";
export { cpuEvidence, EVIDENCE_DAYS, type CpuEvidence } from "./cpu-evidence";
export { backfillCpu, backfillCpuForTenant, CANDIDATE_CPU } from "./cpu-backfill";
export { getFindings, loadFindings, dismissFinding, restoreFinding, DismissInput, type FindingsReport } from "./findings";
export { eksCostByNamespace, EKS_METHOD, type ClusterCost, type NamespaceCost } from "./eks-namespaces";
export { loadComparisons, type Comparison, type ComparisonRow } from "./comparisons";
export { getCostInsights, loadAnomalies, ANOMALY_DAYS, type CostInsights, type ServiceAnomaly } from "./insights-summary";
export { dailyByService } from "./daily-by-service";
