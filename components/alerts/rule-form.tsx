"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { Button, Card, Field, Notice, SelectField } from "@/components/ui";
import type { RulePreview } from "@/lib/alerts/preview-rule";
import type { ScopeChoices } from "@/lib/alerts/scope-resources";
import { ConditionFields } from "./condition-fields";
import { bodyOf, EMPTY_CONDITION, type RuleDraft } from "./form-model";
import { RulePreviewChart } from "./rule-preview";
import { ScopeFields } from "./scope-fields";

type ChannelChoice = { id: string; name: string; type: string; enabled: boolean };
type ApiError = { error?: { message?: string; fields?: Record<string, string>; code?: string } };

const REPEATS = [
  ["0", "Never"],
  ["900", "Every 15 minutes"],
  ["3600", "Every hour"],
  ["14400", "Every 4 hours"],
  ["86400", "Every day"],
] as const;

/** Create or edit a rule; the preview follows the form as it changes. */
export function RuleForm({ initial, ruleId, choices, channels, canEdit }: { initial: RuleDraft; ruleId?: string; choices: ScopeChoices; channels: ChannelChoice[]; canEdit: boolean }) {
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ data: RulePreview | null; loading: boolean; error: string | null }>({ data: null, loading: false, error: null });
  const body = useMemo(() => bodyOf(draft), [draft]);
  const seq = useRef(0);
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));

  useEffect(() => {
    const mine = ++seq.current;
    const timer = setTimeout(async () => {
      setPreview((p) => ({ ...p, loading: true }));
      const res = await fetch("/api/alerts/rules/preview", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...body, name: body.name || "preview" }) }).catch(() => null);
      const json = (await res?.json().catch(() => null)) as ({ preview?: RulePreview } & ApiError) | null;
      if (mine !== seq.current) return;
      if (res?.ok && json?.preview) setPreview({ data: json.preview, loading: false, error: null });
      else setPreview({ data: null, loading: false, error: res && res.status < 500 ? "Complete the rule to see the preview." : "The preview could not be loaded." });
    }, 500);
    return () => clearTimeout(timer);
  }, [body]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setMessage(null);
    const res = await fetch(ruleId ? `/api/alerts/rules/${ruleId}` : "/api/alerts/rules", {
      method: ruleId ? "PATCH" : "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const json = (await res?.json().catch(() => null)) as ({ rule?: { id: string } } & ApiError) | null;
    setBusy(false);
    if (res?.ok && json?.rule) {
      setErrors({});
      if (ruleId) setMessage({ tone: "success", text: "Saved." });
      else window.location.assign(`/alerts/${json.rule.id}`);
      return;
    }
    setErrors(json?.error?.fields ?? {});
    setMessage({ tone: "error", text: json?.error?.message ?? "Saving failed. Try again." });
  }

  return (
    <form onSubmit={submit} className="space-y-6" noValidate>
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <fieldset disabled={!canEdit || busy} className="space-y-6">
        <Card title="Rule">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Rule name" value={draft.name} error={errors.name} onChange={(e) => set({ name: e.target.value })} />
            <SelectField label="Severity" value={draft.severity} error={errors.severity} onChange={(e) => set({ severity: e.target.value as RuleDraft["severity"] })}>
              <option value="critical">Critical</option>
              <option value="warning">Warning</option>
              <option value="info">Info</option>
            </SelectField>
          </div>
        </Card>
        <Card title="What to watch">
          <ScopeFields draft={draft} choices={choices} errors={errors} onChange={set} />
        </Card>
        <Card title="Conditions">
          <div className="space-y-3">
            {draft.conditions.map((c, i) => (
              <ConditionFields
                key={i}
                index={i}
                kind={draft.kind}
                value={c}
                errors={errors}
                onChange={(next) => set({ conditions: draft.conditions.map((x, j) => (j === i ? next : x)) })}
                onRemove={draft.conditions.length > 1 ? () => set({ conditions: draft.conditions.filter((_, j) => j !== i) }) : undefined}
              />
            ))}
            {errors.conditions ? <p role="alert" className="text-xs font-medium text-red-600">{errors.conditions}</p> : null}
            <div className="flex flex-wrap items-end gap-3">
              {draft.conditions.length > 1 ? (
                <SelectField label="Combine conditions" value={draft.combine} onChange={(e) => set({ combine: e.target.value as "and" | "or" })}>
                  <option value="and">All must hold (AND)</option>
                  <option value="or">Any may hold (OR)</option>
                </SelectField>
              ) : null}
              {draft.conditions.length < 5 ? (
                <Button type="button" variant="secondary" onClick={() => set({ conditions: [...draft.conditions, { ...(draft.conditions[0] ?? EMPTY_CONDITION) }] })}>
                  Add condition
                </Button>
              ) : null}
            </div>
          </div>
        </Card>
        <Card title="When it fires">
          <div className="grid gap-3 sm:grid-cols-3">
            <SelectField label="Duration type" value={draft.durationType} onChange={(e) => set({ durationType: e.target.value as "for" | "m_of_n" })}>
              <option value="for">Condition holds for a time</option>
              <option value="m_of_n">M of N datapoints</option>
            </SelectField>
            {draft.durationType === "for" ? (
              <Field label="For (minutes)" value={draft.forMinutes} error={errors["duration.seconds"] ?? errors.duration} inputMode="numeric" onChange={(e) => set({ forMinutes: e.target.value })} />
            ) : (
              <div className="grid grid-cols-2 gap-2">
                <Field label="Datapoints breaching (M)" value={draft.m} error={errors["duration.m"]} inputMode="numeric" onChange={(e) => set({ m: e.target.value })} />
                <Field label="Out of (N)" value={draft.n} error={errors["duration.n"]} inputMode="numeric" onChange={(e) => set({ n: e.target.value })} />
              </div>
            )}
            <SelectField label="When there is no data" value={draft.noData} error={errors.noData} onChange={(e) => set({ noData: e.target.value as RuleDraft["noData"] })}>
              <option value="keep">Keep the last state</option>
              <option value="ok">Treat as OK</option>
              <option value="alerting">Alert (No Data)</option>
            </SelectField>
          </div>
        </Card>
        <Card title="Notifications">
          <div className="space-y-4">
            <fieldset>
              <legend className="text-sm font-medium text-slate-700">Channels</legend>
              {channels.length === 0 ? (
                <p className="mt-1 text-sm text-slate-500">
                  No channels yet. <a href="/settings/channels" className="font-medium text-brand-700 hover:underline">Add Slack, email, PagerDuty or a webhook</a>; alerts still show here and in the bell.
                </p>
              ) : (
                <div className="mt-2 flex flex-wrap gap-4">
                  {channels.map((c) => (
                    <label key={c.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" checked={draft.channelIds.includes(c.id)} onChange={(e) => set({ channelIds: e.target.checked ? [...draft.channelIds, c.id] : draft.channelIds.filter((x) => x !== c.id) })} />
                      {c.name} <span className="text-xs text-slate-500">({c.type}{c.enabled ? "" : ", disabled"})</span>
                    </label>
                  ))}
                </div>
              )}
              {errors.channelIds ? <p role="alert" className="text-xs font-medium text-red-600">{errors.channelIds}</p> : null}
            </fieldset>
            <div className="grid gap-3 sm:grid-cols-3">
              <SelectField label="Repeat while firing" value={draft.repeatIntervalSeconds} error={errors.repeatIntervalSeconds} onChange={(e) => set({ repeatIntervalSeconds: e.target.value })}>
                {REPEATS.map(([v, label]) => (
                  <option key={v} value={v}>
                    {label}
                  </option>
                ))}
              </SelectField>
              <label className="flex items-center gap-2 self-end pb-2 text-sm">
                <input type="checkbox" checked={draft.sendResolved} onChange={(e) => set({ sendResolved: e.target.checked })} />
                Send a message when resolved
              </label>
              {ruleId ? (
                <label className="flex items-center gap-2 self-end pb-2 text-sm">
                  <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
                  Enabled
                </label>
              ) : null}
            </div>
          </div>
        </Card>
        <Card title="Preview: the last 24 hours">
          <RulePreviewChart preview={preview.data} loading={preview.loading} error={preview.error} />
        </Card>
      </fieldset>
      {canEdit ? (
        <Button type="submit" disabled={busy}>
          {ruleId ? "Save rule" : "Create rule"}
        </Button>
      ) : (
        <Notice>Viewers can look at rules but not change them.</Notice>
      )}
    </form>
  );
}
