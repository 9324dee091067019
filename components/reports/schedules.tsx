"use client";

import { useState } from "react";
import { Button, Card, EmptyState, Field, Notice, SelectField } from "@/components/ui";
import type { ReportRequestInput } from "@/lib/reports/schemas";
import type { ScheduleView } from "@/lib/reports/schedules";
import { callApi, formatTime, type ApiError } from "./api";

/** Saves the form's report as a weekly or monthly email. */
export function ScheduleForm({ request, onSaved }: { request: ReportRequestInput; onSaved: (s: ScheduleView) => void }) {
  const [name, setName] = useState("");
  const [cadence, setCadence] = useState<"weekly" | "monthly">("weekly");
  const [recipients, setRecipients] = useState("");
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const f = error?.fields ?? {};
  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setSaved(null);
        const result = await callApi<{ schedule: ScheduleView }>("/api/reports/schedules", { method: "POST", body: { name, cadence, recipients, request } });
        setBusy(false);
        if (!result.ok) return setError(result.error);
        setError(null);
        setSaved(`Scheduled. The first email goes out ${formatTime(result.data.schedule.nextRunAt)}.`);
        onSaved(result.data.schedule);
      }}
    >
      <h3 className="text-sm font-semibold text-slate-900">Email this report on a schedule</h3>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Schedule name" value={name} onChange={(e) => setName(e.target.value)} error={f.name} placeholder="Weekly fleet review" />
        <SelectField label="Every" value={cadence} onChange={(e) => setCadence(e.target.value as "weekly" | "monthly")} options={[{ value: "weekly", label: "Week (Mondays, last week)" }, { value: "monthly", label: "Month (the 1st, last month)" }]} />
        <Field label="Recipients" value={recipients} onChange={(e) => setRecipients(e.target.value)} error={f.recipients} placeholder="ana@example.com, ops@example.com" />
      </div>
      <Button type="submit" variant="secondary" disabled={busy}>
        {busy ? "Saving…" : "Save schedule"}
      </Button>
    </form>
  );
}

/** Schedules with their last run; pause, resume, delete. */
export function SchedulesList({ schedules, canManage, onChange }: { schedules: ScheduleView[]; canManage: boolean; onChange: (next: ScheduleView[]) => void }) {
  const [error, setError] = useState<string | null>(null);
  const act = async (s: ScheduleView, action: "pause" | "resume" | "delete") => {
    if (action === "delete" && !window.confirm(`Delete the schedule “${s.name}”?`)) return;
    const result =
      action === "delete"
        ? await callApi<null>(`/api/reports/schedules/${s.id}`, { method: "DELETE" })
        : await callApi<{ schedule: ScheduleView }>(`/api/reports/schedules/${s.id}`, { method: "PATCH", body: { paused: action === "pause" } });
    if (!result.ok) return setError(result.error.message);
    setError(null);
    onChange(action === "delete" ? schedules.filter((x) => x.id !== s.id) : schedules.map((x) => (x.id === s.id ? (result.data as { schedule: ScheduleView }).schedule : x)));
  };
  return (
    <Card title="Scheduled reports">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {schedules.length === 0 ? (
        <EmptyState title="No scheduled reports">Build a report above and save it as a weekly or monthly email.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100">
          {schedules.map((s) => (
            <li key={s.id} className="flex flex-wrap items-center justify-between gap-3 py-3">
              <div>
                <div className="font-medium text-slate-900">
                  {s.name} {s.paused ? <span className="ml-1 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-800">Paused</span> : null}
                </div>
                <div className="text-xs text-slate-500">
                  {s.title} · {s.format.toUpperCase()} · {s.cadence} to {s.recipients.join(", ")} · by {s.createdByName}
                </div>
                <div className="text-xs text-slate-500">
                  {s.paused ? "Paused" : `Next: ${formatTime(s.nextRunAt)}`}
                  {s.lastRun ? ` · Last run ${formatTime(s.lastRun.at)}: ${s.lastRun.status}${s.lastRun.delivery ? ` (${s.lastRun.delivery})` : ""}${s.lastRun.error ? ` — ${s.lastRun.error}` : ""}` : " · Not run yet"}
                </div>
              </div>
              {canManage ? (
                <div className="flex gap-2">
                  <Button variant="secondary" onClick={() => act(s, s.paused ? "resume" : "pause")}>
                    {s.paused ? "Resume" : "Pause"}
                    <span className="sr-only"> {s.name}</span>
                  </Button>
                  <Button variant="danger" onClick={() => act(s, "delete")}>
                    Delete<span className="sr-only"> {s.name}</span>
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
