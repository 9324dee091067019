"use client";

import { useState } from "react";

/** Send test, enable / disable and delete for one channel. */
export function ChannelActions({ id, name, enabled }: { id: string; name: string; enabled: boolean }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  async function call(method: string, url: string, body?: unknown): Promise<{ ok: boolean; message?: string }> {
    setBusy(true);
    const res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => null);
    const json = (await res?.json().catch(() => null)) as { error?: { message?: string } } | null;
    setBusy(false);
    return { ok: Boolean(res?.ok), message: json?.error?.message };
  }
  return (
    <div className="flex flex-wrap items-center gap-3 text-xs font-medium">
      <button
        type="button"
        disabled={busy}
        className="rounded-md bg-white px-2.5 py-1 text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50"
        aria-label={`Send test to ${name}`}
        onClick={async () => {
          setResult(null);
          const r = await call("POST", `/api/channels/${id}/test`);
          setResult(r.ok ? { ok: true, text: "Test message sent." } : { ok: false, text: r.message ?? "The test failed." });
        }}
      >
        {busy ? "Sending…" : "Send test"}
      </button>
      <button type="button" disabled={busy} className="text-brand-700 hover:underline" aria-label={`${enabled ? "Disable" : "Enable"} ${name}`} onClick={async () => (await call("PATCH", `/api/channels/${id}`, { enabled: !enabled })).ok && window.location.reload()}>
        {enabled ? "Disable" : "Enable"}
      </button>
      <button
        type="button"
        disabled={busy}
        className="text-red-600 hover:underline"
        aria-label={`Delete ${name}`}
        onClick={async () => {
          if (window.confirm(`Delete "${name}"? Undelivered messages to it are cancelled and rules stop using it.`) && (await call("DELETE", `/api/channels/${id}`)).ok) window.location.reload();
        }}
      >
        Delete
      </button>
      {result ? (
        <span role={result.ok ? "status" : "alert"} className={result.ok ? "text-emerald-700" : "text-red-600"}>
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
