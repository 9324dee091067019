"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/components/team/send-json";
import { Button, Field, Notice } from "@/components/ui";

export type ScopeOption = { value: string; label: string };

/**
 * Create or replace a monthly budget. `scopes` values are "tenant", "team:<id>" or "user:<id>";
 * a fixed scope (a person's own page) hides the selector.
 */
export function BudgetForm({
  scopes,
  initial,
  channels = [],
}: {
  scopes: ScopeOption[];
  initial?: { scope: string; limit?: number; thresholds?: number[]; channelIds?: string[] };
  /** Alert channels (Settings → Channels) the budget may also notify. */
  channels?: { id: string; name: string; type: string }[];
}) {
  const router = useRouter();
  const [scope, setScope] = useState(initial?.scope ?? scopes[0]?.value ?? "tenant");
  const [limit, setLimit] = useState(initial?.limit ? String(initial.limit) : "");
  const [thresholds, setThresholds] = useState((initial?.thresholds ?? [50, 80, 100]).join(", "));
  const [onActual, setOnActual] = useState(true);
  const [onForecast, setOnForecast] = useState(true);
  const [channelIds, setChannelIds] = useState<string[]>(initial?.channelIds ?? []);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    const [kind, id] = scope.split(":");
    const parts = thresholds.split(/[\s,]+/).filter(Boolean);
    const answer = await sendJson("/api/budgets", "POST", {
      scope: id ? { kind, id } : { kind },
      monthlyLimit: limit,
      thresholds: parts,
      alertOnActual: onActual,
      alertOnForecast: onForecast,
      channelIds,
    });
    if (answer.ok) {
      setNotice({ tone: "success", text: `Budget saved: ${scopes.find((s) => s.value === scope)?.label ?? "budget"}, $${Number(limit).toFixed(2)} a month.` });
      router.refresh();
    } else {
      const fields = Object.fromEntries(Object.entries(answer.fields).map(([k, v]) => [k.startsWith("thresholds") ? "thresholds" : k.startsWith("scope") ? "scope" : k, v]));
      setErrors(fields);
      setNotice({ tone: "error", text: answer.message });
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {scopes.length > 1 ? (
        <div className="space-y-1">
          <label htmlFor="budget-scope" className="block text-sm font-medium text-slate-700">
            Budget for
          </label>
          <select id="budget-scope" value={scope} onChange={(e) => setScope(e.target.value)} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm">
            {scopes.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
          {errors.scope ? <p role="alert" className="text-xs font-medium text-red-600">{errors.scope}</p> : null}
        </div>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Monthly limit" name="monthlyLimit" inputMode="decimal" value={limit} onChange={(e) => setLimit(e.target.value)} error={errors.monthlyLimit} suffix="USD" required />
        <Field label="Alert thresholds" name="thresholds" value={thresholds} onChange={(e) => setThresholds(e.target.value)} error={errors.thresholds} hint="Percent of the limit, comma-separated." suffix="%" />
      </div>
      <fieldset className="flex flex-wrap gap-6 text-sm">
        <legend className="sr-only">Alert on</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={onActual} onChange={(e) => setOnActual(e.target.checked)} /> Alert on actual spend
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={onForecast} onChange={(e) => setOnForecast(e.target.checked)} /> Alert on forecast spend
        </label>
      </fieldset>
      {channels.length ? (
        <fieldset className="space-y-1 text-sm">
          <legend className="font-medium text-slate-700">Also notify these channels</legend>
          {channels.map((c) => (
            <label key={c.id} className="mr-4 inline-flex items-center gap-2">
              <input type="checkbox" checked={channelIds.includes(c.id)} onChange={(e) => setChannelIds((ids) => (e.target.checked ? [...ids, c.id] : ids.filter((x) => x !== c.id)))} />
              {c.name} <span className="text-xs text-slate-500">({c.type})</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save budget"}
      </Button>
    </form>
  );
}
