"use client";

import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";

export type ApiKeyRow = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC" : "never");

/** Create (the key is shown once), list and revoke API keys. */
export function ApiKeyManager({ initial }: { initial: ApiKeyRow[] }) {
  const [keys, setKeys] = useState(initial);
  const [name, setName] = useState("");
  const [scope, setScope] = useState<"read" | "write">("read");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ key: string; name: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function create(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    setCreated(null);
    try {
      const res = await fetch("/api/keys", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name, scope }) });
      const body = await res.json().catch(() => ({}));
      if (res.ok) {
        setCreated({ key: body.key, name: body.apiKey.name });
        setKeys((k) => [body.apiKey as ApiKeyRow, ...k]);
        setName("");
      } else {
        setErrors(body.error?.fields ?? {});
        setFormError(body.error?.message ?? "Creating the key failed.");
      }
    } catch {
      setFormError("We couldn't reach Monitr. Try again.");
    }
    setBusy(false);
  }

  async function revoke(id: string, label: string) {
    if (!window.confirm(`Revoke "${label}"? Programs using it stop working at once.`)) return;
    const res = await fetch(`/api/keys/${id}`, { method: "DELETE" });
    const body = await res.json().catch(() => ({}));
    if (res.ok) setKeys((k) => k.map((row) => (row.id === id ? (body.apiKey as ApiKeyRow) : row)));
    else setFormError(body.error?.message ?? "Revoking the key failed.");
  }

  return (
    <div className="space-y-6">
      <form onSubmit={create} noValidate className="space-y-4" aria-label="Create an API key">
        {formError ? <Notice tone="error">{formError}</Notice> : null}
        <Field label="Key name" name="name" placeholder="Terraform, CI, Grafana…" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Scope</legend>
          <div className="mt-1 flex gap-6 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" value="read" checked={scope === "read"} onChange={() => setScope("read")} /> Read — list and query
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="scope" value="write" checked={scope === "write"} onChange={() => setScope("write")} /> Write — also create and change
            </label>
          </div>
        </fieldset>
        <Button type="submit" disabled={busy}>
          {busy ? "Creating…" : "Create key"}
        </Button>
      </form>

      {created ? (
        <Notice tone="success">
          <p className="font-medium">Copy the key for “{created.name}” now — it will not be shown again.</p>
          <label className="mt-2 block text-xs font-medium" htmlFor="new-api-key">
            New API key
          </label>
          <input id="new-api-key" readOnly value={created.key} className="mt-1 w-full rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs" onFocus={(e) => e.target.select()} />
        </Notice>
      ) : null}

      {keys.length === 0 ? (
        <p className="text-sm text-slate-600">No API keys yet.</p>
      ) : (
        <table className="w-full text-left text-sm" aria-label="API keys">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2">Name</th>
              <th>Key</th>
              <th>Scope</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? "text-slate-400" : ""}>
                <td className="py-2 font-medium">{k.name}</td>
                <td className="font-mono text-xs">{k.prefix}_…</td>
                <td>{k.scope}</td>
                <td>{when(k.createdAt)}</td>
                <td>{when(k.lastUsedAt)}</td>
                <td className="text-right">
                  {k.revokedAt ? (
                    <span>Revoked</span>
                  ) : (
                    <Button type="button" variant="secondary" onClick={() => revoke(k.id, k.name)} aria-label={`Revoke ${k.name}`}>
                      Revoke
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
