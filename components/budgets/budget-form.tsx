"use client";

import { useState } from "react";
import { Button, Field, Notice, SelectField } from "@/components/ui";
import { useSubmit } from "@/components/ui/use-submit";

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
  const [scope, setScope] = useState(initial?.scope ?? scopes[0]?.value ?? "tenant");
  const [limit, setLimit] = useState(initial?.limit ? String(initial.limit) : "");
  const [thresholds, setThresholds] = useState((initial?.thresholds ?? [50, 80, 100]).join(", "));
  const [onActual, setOnActual] = useState(true);
  const [onForecast, setOnForecast] = useState(true);
  const [channelIds, setChannelIds] = useState<string[]>(initial?.channelIds ?? []);
  const { errors, notice, busy, send } = useSubmit();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const [kind, id] = scope.split(":");
    const parts = thresholds.split(/[\s,]+/).filter(Boolean);
    await send(
      "/api/budgets",
      "POST",
      { scope: id ? { kind, id } : { kind }, monthlyLimit: limit, thresholds: parts, alertOnActual: onActual, alertOnForecast: onForecast, channelIds },
      { success: `Budget saved: ${scopes.find((s) => s.value === scope)?.label ?? "budget"}, $${Number(limit).toFixed(2)} a month.`, collapse: ["thresholds", "scope"] },
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {scopes.length > 1 ? (
        <SelectField label="Budget for" name="scope" value={scope} onChange={(e) => setScope(e.target.value)} options={scopes} error={errors.scope} />
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
