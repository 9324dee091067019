"use client";

import { useState } from "react";
import { Button, Field, Notice, SelectField } from "@/components/ui";

type Kind = "slack" | "email" | "pagerduty" | "webhook";

/** Adds a channel. Secrets go in here once and are never shown again; a webhook's signing secret is shown once. */
export function ChannelForm({ pagerDutyAllowed }: { pagerDutyAllowed: boolean }) {
  const [type, setType] = useState<Kind>("email");
  const [fields, setFields] = useState({ name: "", mode: "bot", botToken: "", channel: "", webhookUrl: "", to: "", routingKey: "", url: "" });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof fields>) => setFields((f) => ({ ...f, ...patch }));

  function body(): Record<string, unknown> {
    const base = { type, name: fields.name };
    if (type === "slack") return fields.mode === "bot" ? { ...base, mode: "bot", botToken: fields.botToken, channel: fields.channel } : { ...base, mode: "webhook", webhookUrl: fields.webhookUrl };
    if (type === "email") return { ...base, to: fields.to };
    if (type === "pagerduty") return { ...base, routingKey: fields.routingKey };
    return { ...base, url: fields.url };
  }

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const res = await fetch("/api/channels", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body()) }).catch(() => null);
    const json = (await res?.json().catch(() => null)) as { revealed?: { signingSecret?: string }; error?: { message?: string; fields?: Record<string, string> } } | null;
    setBusy(false);
    if (res?.ok) {
      setErrors({});
      if (json?.revealed?.signingSecret) setRevealed(json.revealed.signingSecret);
      else window.location.reload();
      return;
    }
    setErrors(json?.error?.fields ?? {});
    setMessage(json?.error?.message ?? "Adding the channel failed.");
  }

  if (revealed) {
    return (
      <div className="space-y-3">
        <Notice tone="success">
          Webhook added. Its signing secret is shown <strong>this once</strong>: store it with the receiver, which verifies the <code>X-Monitr-Signature</code> header
          (HMAC-SHA256 of the raw body).
        </Notice>
        <p className="break-all rounded-md bg-slate-900 px-3 py-2 font-mono text-sm text-white" aria-label="Signing secret">
          {revealed}
        </p>
        <Button type="button" variant="secondary" onClick={() => window.location.reload()}>
          I have stored it
        </Button>
      </div>
    );
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      {message ? <Notice tone="error">{message}</Notice> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Channel type" value={type} error={errors.type} onChange={(e) => setType(e.target.value as Kind)}>
          <option value="email">Email</option>
          <option value="slack">Slack</option>
          <option value="pagerduty" disabled={!pagerDutyAllowed}>
            PagerDuty{pagerDutyAllowed ? "" : " (Pro plan)"}
          </option>
          <option value="webhook">Webhook</option>
        </SelectField>
        <Field label="Channel name" value={fields.name} error={errors.name} onChange={(e) => set({ name: e.target.value })} />
      </div>
      {type === "email" ? <Field label="Recipients" hint="Email addresses, separated by commas." value={fields.to} error={errors.to} onChange={(e) => set({ to: e.target.value })} /> : null}
      {type === "slack" ? (
        <div className="grid gap-3 sm:grid-cols-3">
          <SelectField label="Slack connection" value={fields.mode} onChange={(e) => set({ mode: e.target.value })}>
            <option value="bot">Bot token + channel</option>
            <option value="webhook">Incoming webhook URL</option>
          </SelectField>
          {fields.mode === "bot" ? (
            <>
              <Field label="Bot token" type="password" autoComplete="off" value={fields.botToken} error={errors.botToken ?? errors.mode} onChange={(e) => set({ botToken: e.target.value })} />
              <Field label="Slack channel" placeholder="#alerts" value={fields.channel} error={errors.channel} onChange={(e) => set({ channel: e.target.value })} />
            </>
          ) : (
            <div className="sm:col-span-2">
              <Field label="Webhook URL" type="password" autoComplete="off" value={fields.webhookUrl} error={errors.webhookUrl ?? errors.mode} onChange={(e) => set({ webhookUrl: e.target.value })} />
            </div>
          )}
        </div>
      ) : null}
      {type === "pagerduty" ? <Field label="Integration key" type="password" autoComplete="off" hint="An Events API v2 integration's routing key." value={fields.routingKey} error={errors.routingKey} onChange={(e) => set({ routingKey: e.target.value })} /> : null}
      {type === "webhook" ? <Field label="URL" placeholder="https://example.com/monitr" value={fields.url} error={errors.url} onChange={(e) => set({ url: e.target.value })} /> : null}
      <Button type="submit" disabled={busy}>
        {busy ? "Adding…" : "Add channel"}
      </Button>
    </form>
  );
}
