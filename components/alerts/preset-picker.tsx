"use client";

import { useState } from "react";
import { Button, Notice } from "@/components/ui";
import type { OfferedPreset } from "@/lib/alerts/presets";

/**
 * Ready-made rules: one click adds one (through the same API and plan limit as any rule). A
 * preset offered for one resource (`resourceId`, e.g. a cluster's dashboard) or for one cluster's
 * pods (`cluster`) is created for it.
 */
export function PresetPicker({ presets, added, canAdd }: { presets: readonly OfferedPreset[]; added: string[]; canAdd: boolean }) {
  const [done, setDone] = useState(new Set(added));
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  async function add(preset: OfferedPreset) {
    setBusy(preset.id);
    setMessage(null);
    const body = { presetId: preset.id, ...(preset.resourceId ? { resourceId: preset.resourceId } : {}), ...(preset.cluster ? { cluster: preset.cluster } : {}) };
    const res = await fetch("/api/alerts/presets", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).catch(() => null);
    const json = (await res?.json().catch(() => null)) as { error?: { message?: string } } | null;
    setBusy(null);
    if (res?.ok) {
      setDone(new Set([...done, preset.id]));
      setMessage({ tone: "success", text: "Rule added. It is evaluated within a minute." });
      window.location.reload();
    } else setMessage({ tone: "error", text: json?.error?.message ?? "Adding the rule failed." });
  }
  const remaining = presets.filter((p) => !done.has(p.id));
  if (remaining.length === 0) return null;
  return (
    <div className="space-y-3">
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <ul className="grid gap-3 sm:grid-cols-2" aria-label="Ready-made rules">
        {remaining.map((p) => (
          <li key={p.id} className="flex items-start justify-between gap-3 rounded-md border border-slate-200 p-3">
            <div>
              <p className="text-sm font-medium text-slate-900">{p.title}</p>
              <p className="text-xs text-slate-500">{p.description}</p>
            </div>
            {canAdd ? (
              <Button type="button" variant="secondary" disabled={busy !== null} onClick={() => add(p)} aria-label={`Add ${p.title}`}>
                {busy === p.id ? "Adding…" : "Add"}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
