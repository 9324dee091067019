import type { Endpoint } from "../registry";
import { createAlertRule, getAlertRule, listAlertHistory, listAlertRules, listAlertsEndpoint, updateAlertRule } from "./alerts";
import { createBudget, deleteBudgetEndpoint, getBudget, listBudgets, updateBudget } from "./budgets";
import { getConnectionEndpoint, listConnectionsEndpoint, listSyncRunsEndpoint } from "./connections";
import { getCosts } from "./costs";
import { getMe } from "./me";
import { listSeriesEndpoint, queryMetricsEndpoint } from "./metrics";
import { createReport, downloadReport, getReport } from "./reports";
import { listResources } from "./resources";

/** Every /api/v1 operation. The router dispatches only these, and the OpenAPI document lists exactly these. */
export const ENDPOINTS: readonly Endpoint[] = [
  getMe,
  listResources,
  listSeriesEndpoint,
  queryMetricsEndpoint,
  getCosts,
  listConnectionsEndpoint,
  getConnectionEndpoint,
  listSyncRunsEndpoint,
  listAlertRules,
  createAlertRule,
  getAlertRule,
  updateAlertRule,
  listAlertsEndpoint,
  listAlertHistory,
  listBudgets,
  createBudget,
  getBudget,
  updateBudget,
  deleteBudgetEndpoint,
  createReport,
  getReport,
  downloadReport,
];
