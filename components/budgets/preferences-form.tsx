"use client";

import { useState } from "react";
import { useSubmit } from "@/components/ui/use-submit";
import { Button, Field, Notice } from "@/components/ui";

export function PreferencesForm({ initial }: { initial: { budgetAlerts: boolean; thresholds: number[] | null; digest: "off" | "daily" | "weekly" } }) {
  const [alerts, setAlerts] = useState(initial.budgetAlerts);
  const [thresholds, setThresholds] = useState(initial.thresholds?.join(", ") ?? "");
  const [digest, setDigest] = useState(initial.digest);
  const { errors, notice, busy, send } = useSubmit();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const parts = thresholds.split(/[\s,]+/).filter(Boolean);
    await send("/api/budgets/preferences", "PUT", { budgetAlerts: alerts, thresholds: parts.length ? parts : null, digest }, { success: "Preferences saved.", refresh: false, collapse: ["thresholds"] });
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={alerts} onChange={(e) => setAlerts(e.target.checked)} /> Email me budget alerts
      </label>
      <Field
        label="My alert thresholds"
        name="thresholds"
        value={thresholds}
        onChange={(e) => setThresholds(e.target.value)}
        error={errors.thresholds}
        hint="Percent of a budget, comma-separated. Empty: each budget's own thresholds."
        suffix="%"
      />
      <div className="space-y-1">
        <label htmlFor="digest" className="block text-sm font-medium text-slate-700">
          Cost digest email
        </label>
        <select id="digest" value={digest} onChange={(e) => setDigest(e.target.value as typeof digest)} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm sm:w-60">
          <option value="off">Off</option>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
        </select>
        <p className="text-xs text-slate-500">What changed, the top drivers and your budgets&apos; status.</p>
      </div>
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Save preferences"}
      </Button>
    </form>
  );
}
