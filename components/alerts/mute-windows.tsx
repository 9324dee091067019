"use client";

import { useState } from "react";
import { Button, Field, Notice, SelectField } from "@/components/ui";

type Mute = { id: string; name: string; ruleId: string | null; kind: "once" | "weekly"; startsAt: string | null; endsAt: string | null; weekdays: number[] | null; startMinute: number | null; endMinute: number | null; timezone: string; active: boolean };

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
const minutesOf = (v: string) => {
  const [h, m] = v.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

function describe(m: Mute, rules: Map<string, string>): string {
  const what = m.ruleId ? `rule "${rules.get(m.ruleId) ?? "deleted"}"` : "the whole workspace";
  if (m.kind === "once") return `${what}: ${new Date(m.startsAt ?? 0).toLocaleString()} – ${new Date(m.endsAt ?? 0).toLocaleString()}`;
  return `${what}: every ${(m.weekdays ?? []).map((d) => DAYS[d]).join(", ")} ${hhmm(m.startMinute ?? 0)}–${hhmm(m.endMinute ?? 0)} (${m.timezone})`;
}

/** Mute windows per rule or for the workspace, one-off or weekly: notifications pause, evaluation goes on. */
export function MuteWindows({ mutes, rules, canEdit }: { mutes: Mute[]; rules: { id: string; name: string }[]; canEdit: boolean }) {
  const names = new Map(rules.map((r) => [r.id, r.name]));
  const [form, setForm] = useState({ name: "", ruleId: "", kind: "once" as "once" | "weekly", startsAt: "", endsAt: "", weekdays: [1, 2, 3, 4, 5], from: "22:00", to: "23:59", timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));

  async function send(method: "POST" | "DELETE", url: string, body?: unknown) {
    setMessage(null);
    const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined }).catch(() => null);
    if (res?.ok) return window.location.reload();
    const json = (await res?.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null;
    setErrors(json?.error?.fields ?? {});
    setMessage(json?.error?.message ?? "That did not work.");
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const base = { name: form.name, ruleId: form.ruleId || null, kind: form.kind };
    const body =
      form.kind === "once"
        ? { ...base, startsAt: form.startsAt ? new Date(form.startsAt).toISOString() : "", endsAt: form.endsAt ? new Date(form.endsAt).toISOString() : "" }
        : { ...base, weekdays: form.weekdays, startMinute: minutesOf(form.from), endMinute: form.to === "23:59" ? 1440 : minutesOf(form.to), timezone: form.timezone };
    void send("POST", "/api/alerts/mutes", body);
  }

  return (
    <div className="space-y-4">
      {mutes.length ? (
        <ul className="divide-y divide-slate-100" aria-label="Mute windows">
          {mutes.map((m) => (
            <li key={m.id} className="flex items-center justify-between gap-3 py-2 text-sm">
              <span>
                <span className="font-medium">{m.name}</span> — {describe(m, names)} {m.active ? <span className="ml-1 rounded bg-amber-100 px-1.5 text-xs font-semibold text-amber-800">active now</span> : null}
              </span>
              {canEdit ? (
                <button type="button" className="text-xs font-medium text-red-600 hover:underline" onClick={() => void send("DELETE", `/api/alerts/mutes/${m.id}`)} aria-label={`Delete mute ${m.name}`}>
                  Delete
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-500">No mute windows. Add one for deploys or quiet hours.</p>
      )}
      {canEdit ? (
        <form onSubmit={submit} className="space-y-3 rounded-md border border-slate-200 p-4" noValidate>
          {message ? <Notice tone="error">{message}</Notice> : null}
          <div className="grid gap-3 sm:grid-cols-3">
            <Field label="Mute name" value={form.name} error={errors.name} onChange={(e) => set({ name: e.target.value })} />
            <SelectField label="Mute applies to" value={form.ruleId} error={errors.ruleId} onChange={(e) => set({ ruleId: e.target.value })}>
              <option value="">The whole workspace</option>
              {rules.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </SelectField>
            <SelectField label="Mute kind" value={form.kind} onChange={(e) => set({ kind: e.target.value as "once" | "weekly" })}>
              <option value="once">One-off</option>
              <option value="weekly">Every week</option>
            </SelectField>
          </div>
          {form.kind === "once" ? (
            <div className="grid gap-3 sm:grid-cols-2">
              <Field label="Mute from" type="datetime-local" value={form.startsAt} error={errors.startsAt} onChange={(e) => set({ startsAt: e.target.value })} />
              <Field label="Mute until" type="datetime-local" value={form.endsAt} error={errors.endsAt} onChange={(e) => set({ endsAt: e.target.value })} />
            </div>
          ) : (
            <div className="space-y-3">
              <fieldset className="flex flex-wrap gap-3">
                <legend className="mb-1 text-sm font-medium text-slate-700">Days</legend>
                {DAYS.map((d, i) => (
                  <label key={d} className="flex items-center gap-1 text-sm">
                    <input type="checkbox" checked={form.weekdays.includes(i)} onChange={(e) => set({ weekdays: e.target.checked ? [...form.weekdays, i] : form.weekdays.filter((x) => x !== i) })} />
                    {d}
                  </label>
                ))}
              </fieldset>
              {errors.weekdays ? <p role="alert" className="text-xs text-red-600">{errors.weekdays}</p> : null}
              <div className="grid gap-3 sm:grid-cols-3">
                <Field label="From (time)" type="time" value={form.from} onChange={(e) => set({ from: e.target.value })} />
                <Field label="To (time)" type="time" value={form.to} error={errors.endMinute} onChange={(e) => set({ to: e.target.value })} />
                <Field label="Time zone" value={form.timezone} error={errors.timezone} onChange={(e) => set({ timezone: e.target.value })} />
              </div>
            </div>
          )}
          <Button type="submit" variant="secondary">
            Add mute window
          </Button>
        </form>
      ) : null}
    </div>
  );
}
