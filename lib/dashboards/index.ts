/*
 * Dashboards: templates (one per generated kind) + the current inventory give the generated
 * dashboards; a stored layout per tenant customizes them; panels and the metric query API feed
 * the widgets. docs/architecture.md ("Dashboards") has the design.
 */
export * from "./schemas";
export { parseDashboardRef, formatDashboardRef, dashboardPath, type DashboardRef } from "./dashboard-ref";
export { resolveTimeRange, rangeQuery, parseInstant, RANGE_PRESETS, RANGE_LABELS, REFRESH_INTERVALS, type RangePreset, type RefreshInterval, type TimeRange, type SearchParams } from "./time-range";
export { TEMPLATES, MISSING_DATA_HELP, type Template } from "./templates";
export { PANELS } from "./panels/registry";
export { PANEL_LABELS } from "./panel-labels";
export type { PanelDataMap, FleetRow, WorkspaceBudget } from "./panels/types";
export { loadCostView, loadCostForecast, getCostView, type CostView, type CostForecast } from "./cost-view";
export { PAST_VIEW_BUDGET } from "./panels/cost-panels";
export { canEditDashboards, type Dashboard } from "./get-dashboard";
export { getDashboard, saveDashboard, createDashboard, resetDashboard, deleteDashboard, MAX_CUSTOM_DASHBOARDS } from "./edit-dashboards";
export { listDashboards, type DashboardList, type DashboardListItem } from "./list-dashboards";
export { loadDashboardView, type DashboardView, type WidgetView, type WidgetData, type MetricView, type PanelView } from "./load-view";
export { queryMetricSeries, queryMetricBatch, runMetricsQuery, toResponse, answerJson, batchJson, MetricsQueryInput, MetricsBatchInput, type MetricsQueryResponse, type MetricsBatchResponse, type MetricsAnswer } from "./query-series";
export { MAX_BATCH_QUERIES } from "./batch-limit";
export { resolveSelection, type ResolvedSeries } from "./resolve-selection";
export { listResources, ResourceListInput, listAvailableMetrics, AvailableMetricsInput, type ResourceListItem, type AvailableMetric } from "./list-resources";
export { dashboardsApi } from "./http-api";
