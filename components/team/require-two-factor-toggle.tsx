"use client";

import { useState } from "react";
import { Notice } from "@/components/ui";
import { sendJson } from "@/components/ui/send-json";

export function RequireTwoFactorToggle({ required: initial, membersWithout }: { required: boolean; membersWithout: number }) {
  const [required, setRequired] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function toggle(next: boolean) {
    setBusy(true);
    setError(null);
    const answer = await sendJson<{ requireTwoFactor: boolean }>("/api/workspaces/current/two-factor", "PUT", { required: next });
    if (answer.ok) setRequired(answer.data.requireTwoFactor);
    else setError(answer.fields.required ?? answer.message);
    setBusy(false);
  }

  return (
    <div className="space-y-3">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <label className="flex items-start gap-3 text-sm">
        <input type="checkbox" checked={required} disabled={busy} onChange={(e) => toggle(e.target.checked)} className="mt-1" />
        <span>
          <span className="font-medium text-slate-900">Require two-factor sign-in for every member</span>
          <span className="block text-slate-600">
            Members without it are asked to set it up before they can use the workspace.
            {membersWithout ? ` ${membersWithout} member${membersWithout === 1 ? " doesn't" : "s don't"} have it yet.` : ""}
          </span>
        </span>
      </label>
    </div>
  );
}
