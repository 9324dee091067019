import type { ReportFormat } from "./schemas";

/** The report formats: how a file of each is served and named. Kinds say which they can produce (kinds.ts). */
export const REPORT_FORMATS: Record<ReportFormat, { label: string; contentType: string; extension: string }> = {
  pdf: { label: "PDF", contentType: "application/pdf", extension: "pdf" },
  csv: { label: "CSV", contentType: "text/csv; charset=utf-8", extension: "csv" },
};
