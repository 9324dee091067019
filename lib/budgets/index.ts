/*
 * Budgets (issue #9): monthly limits for the workspace, a team or a person; actual (allocated)
 * and forecast spend; alerts once per threshold per month (evaluate-budgets.ts); each person's
 * preferences and cost digest.
 */
export { BudgetInput, BudgetScope, PreferencesInput } from "./schemas";
export { saveBudget, deleteBudget, scopeId, type Budget } from "./budget-verbs";
export { budgetsFor, monthPictureFor, ownerMonthFor, loadMonthPicture, ownerForecast, visibleTo, OWNER_FORECAST_METHOD, type BudgetStatus, type MonthPicture, type OwnerMonth, type BudgetAlertView } from "./budget-status";
export { evaluateBudgets, alertSubject, type BudgetDeps, type BudgetCheck } from "./evaluate-budgets";
export { getPreferences, savePreferences, DEFAULT_PREFERENCES, type CostPreferences } from "./preferences";
export { sendDigests } from "./digest";
