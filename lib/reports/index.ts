/*
 * Reports (issue #7): on-demand PDF and CSV files (metrics, costs, chargeback statements) made
 * inline or by a worker, kept as chunks in Postgres for a while, scheduled runs emailed with an
 * attachment or a signed link, and the workspace logo. docs/architecture.md ("Reports") has the design.
 */
export * from "./schemas";
export { loadReportsConfig, reportsConfig, type ReportsConfig } from "./config";
export { REPORT_FORMATS } from "./formats";
export { REPORT_KINDS, kindOf, type Work } from "./kinds";
export { RANGE_PRESET_LABELS, resolveRange, nextRunAt, requestForRun, monthRange } from "./time";
export { STAT_LABELS, RESOLUTION_LABELS, reportTitle } from "./describe";
export { requestReport, listReportFiles, getReportFile, runsInline, checkRequest } from "./request-report";
export { generateFile, windowOf, REPORTS_CHANNEL } from "./generate";
export { runQueuedFile } from "./run-queued";
export { openDownload, downloadHeaders } from "./download";
export { signDownload, verifyDownload, signedDownloadUrl } from "./download-link";
export { createSchedule, listSchedules, updateSchedule, deleteSchedule, listRuns, type ScheduleView, type RunView } from "./schedules";
export { claimDueRuns, executeRun, closeStaleWork, pendingWork, type RunDeps } from "./run-schedules";
export { deleteExpiredFiles, readWhole, type ReportFileRow } from "./file-store";
export { getLogo, saveLogo, removeLogo, sniffLogoType } from "./branding";
export { renderMetricsCsv, METRIC_CSV_COLUMNS } from "./metrics-csv";
export { renderCostsCsv, COST_CSV_COLUMNS } from "./costs-csv";
export { fileView, type ReportFileView } from "./views";
export type { ReportWindow, RenderArgs } from "./render-types";
export { reportsApi } from "./http-api";
