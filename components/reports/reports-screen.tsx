"use client";

import { useEffect, useRef, useState } from "react";
import { ButtonLink, Notice } from "@/components/ui";
import type { ReportRequestInput } from "@/lib/reports/schemas";
import type { ScheduleView } from "@/lib/reports/schedules";
import type { ReportFileView } from "@/lib/reports/views";
import { callApi, startDownload, type ApiError } from "./api";
import { FilesList } from "./files-list";
import { ReportForm, type Choice, type OwnerChoice } from "./report-form";
import { ScheduleForm, SchedulesList } from "./schedules";

const POLL_MS = 2000;

/** The Reports page's client half: the form, recent files (polled while any is generating) and schedules. */
export function ReportsScreen(props: {
  dashboards: { ref: string; name: string }[];
  instances: Choice[];
  clusters: Choice[];
  owners: OwnerChoice[];
  initialFiles: ReportFileView[];
  initialSchedules: ScheduleView[];
  canSchedule: boolean;
  canBrand: boolean;
  retentionDays: number;
}) {
  const [files, setFiles] = useState(props.initialFiles);
  const [schedules, setSchedules] = useState(props.initialSchedules);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Files this page asked for in the background: downloaded when they finish.
  const waiting = useRef(new Set<string>());
  const pending = files.some((f) => f.status === "queued" || f.status === "running");

  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(async () => {
      const result = await callApi<{ files: ReportFileView[] }>("/api/reports");
      if (!result.ok) return;
      setFiles(result.data.files);
      for (const f of result.data.files) {
        if (waiting.current.has(f.id) && f.status !== "queued" && f.status !== "running") {
          waiting.current.delete(f.id);
          if (f.downloadUrl) startDownload(f.downloadUrl);
        }
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [pending]);

  const generate = async (request: ReportRequestInput) => {
    setBusy(true);
    setNotice(null);
    const result = await callApi<{ file: ReportFileView; inline: boolean }>("/api/reports", { method: "POST", body: request });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    const file = result.data.file;
    setFiles((prev) => [file, ...prev.filter((f) => f.id !== file.id)]);
    if (file.downloadUrl) {
      setNotice(`“${file.title}” is ready; the download has started.`);
      startDownload(file.downloadUrl);
    } else {
      waiting.current.add(file.id);
      setNotice(`“${file.title}” is large, so it is generated in the background. Its progress is shown below; it downloads when it is ready.`);
    }
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Reports</h1>
          <p className="text-sm text-slate-600">PDF and CSV reports of your metrics and costs, to share with people who never log in.</p>
        </div>
        {props.canBrand ? (
          <ButtonLink variant="secondary" href="/settings/branding">
            Logo for statements
          </ButtonLink>
        ) : null}
      </div>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <ReportForm
        dashboards={props.dashboards}
        instances={props.instances}
        clusters={props.clusters}
        owners={props.owners}
        busy={busy}
        error={error}
        onGenerate={generate}
        scheduleSlot={props.canSchedule ? (request) => <ScheduleForm request={request} onSaved={(s) => setSchedules((prev) => [...prev, s])} /> : undefined}
      />
      <FilesList files={files} retentionNote={`Files are kept for ${props.retentionDays} days.`} />
      <SchedulesList schedules={schedules} canManage={props.canSchedule} onChange={setSchedules} />
    </div>
  );
}
