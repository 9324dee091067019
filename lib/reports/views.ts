import type { ReportFileRow } from "./file-store";

/** A file as the API and the page show it. */
export type ReportFileView = {
  id: string;
  title: string;
  kind: string;
  format: string;
  status: ReportFileRow["status"];
  progress: number;
  error: string | null;
  filename: string;
  sizeBytes: number;
  createdByName: string;
  scheduled: boolean;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string;
  downloadUrl: string | null;
};

export function fileView(row: ReportFileRow): ReportFileView {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    format: row.format,
    status: row.status,
    progress: row.progress,
    error: row.error,
    filename: row.filename,
    sizeBytes: row.sizeBytes,
    createdByName: row.createdByName,
    scheduled: row.scheduleId !== null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    downloadUrl: row.status === "done" ? `/api/reports/files/${row.id}/download` : null,
  };
}
