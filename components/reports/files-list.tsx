"use client";

import { Card, EmptyState } from "@/components/ui";
import type { ReportFileView } from "@/lib/reports/views";
import { formatBytes, formatTime } from "./api";

const KIND_LABELS: Record<string, string> = { metrics: "Metrics", costs: "Costs", chargeback: "Chargeback" };

function Status({ file }: { file: ReportFileView }) {
  if (file.status === "done") return <span className="text-emerald-700">Ready</span>;
  if (file.status === "failed") return <span className="text-red-700" title={file.error ?? undefined}>Failed: {file.error}</span>;
  const pct = file.status === "queued" ? 0 : file.progress;
  return (
    <div className="min-w-32">
      <div className="text-xs text-slate-600">{file.status === "queued" ? "Waiting for a worker…" : `Generating… ${pct} %`}</div>
      <div role="progressbar" aria-label={`Progress of ${file.title}`} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100} className="mt-1 h-1.5 w-full rounded bg-slate-200">
        <div className="h-1.5 rounded bg-brand-600 transition-all" style={{ width: `${pct}%` }} />
      </div>
    </div>
  );
}

/** Recent files with who made them, their progress while generating, and download links. */
export function FilesList({ files, retentionNote }: { files: ReportFileView[]; retentionNote: string }) {
  return (
    <Card title="Recent reports" actions={<span className="text-xs text-slate-500">{retentionNote}</span>}>
      {files.length === 0 ? (
        <EmptyState title="No reports yet">Generate one above; it is listed here for everyone in the workspace.</EmptyState>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2 pr-4">Report</th>
                <th className="py-2 pr-4">Made by</th>
                <th className="py-2 pr-4">Created</th>
                <th className="py-2 pr-4">Status</th>
                <th className="py-2 pr-4 text-right">Size</th>
                <th className="py-2" />
              </tr>
            </thead>
            <tbody>
              {files.map((f) => (
                <tr key={f.id} className="border-t border-slate-100" data-file-id={f.id}>
                  <td className="py-2 pr-4">
                    <div className="font-medium text-slate-900">{f.title}</div>
                    <div className="text-xs text-slate-500">
                      {KIND_LABELS[f.kind] ?? f.kind} · {f.format.toUpperCase()} · kept until {formatTime(f.expiresAt).slice(0, 10)}
                    </div>
                  </td>
                  <td className="py-2 pr-4">{f.createdByName}</td>
                  <td className="py-2 pr-4 whitespace-nowrap">{formatTime(f.createdAt)}</td>
                  <td className="py-2 pr-4">
                    <Status file={f} />
                  </td>
                  <td className="py-2 pr-4 text-right whitespace-nowrap">{f.status === "done" ? formatBytes(f.sizeBytes) : "—"}</td>
                  <td className="py-2 text-right">
                    {f.downloadUrl ? (
                      <a className="font-medium text-brand-700 hover:underline" href={f.downloadUrl} download={f.filename}>
                        Download<span className="sr-only"> {f.filename}</span>
                      </a>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
