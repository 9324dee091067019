"use client";

import { useState } from "react";

/** Enable / disable and delete, inline in the rules table. */
export function RuleActions({ id, name, enabled, canEdit }: { id: string; name: string; enabled: boolean; canEdit: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!canEdit) return null;
  async function call(method: "PATCH" | "DELETE", body?: unknown) {
    setBusy(true);
    setError(null);
    const res = await fetch(`/api/alerts/rules/${id}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }).catch(() => null);
    if (res?.ok) window.location.reload();
    else {
      const json = (await res?.json().catch(() => null)) as { error?: { message?: string } } | null;
      setError(json?.error?.message ?? "That did not work.");
      setBusy(false);
    }
  }
  return (
    <div className="flex items-center gap-3 text-xs font-medium">
      <button type="button" disabled={busy} className="text-brand-700 hover:underline" onClick={() => call("PATCH", { enabled: !enabled })} aria-label={`${enabled ? "Disable" : "Enable"} ${name}`}>
        {enabled ? "Disable" : "Enable"}
      </button>
      <button
        type="button"
        disabled={busy}
        className="text-red-600 hover:underline"
        aria-label={`Delete ${name}`}
        onClick={() => {
          if (window.confirm(`Delete the rule "${name}"? Its open alerts resolve; the history stays.`)) void call("DELETE");
        }}
      >
        Delete
      </button>
      {error ? <span role="alert" className="text-red-600">{error}</span> : null}
    </div>
  );
}
