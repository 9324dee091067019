"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Notice } from "@/components/ui";
import { sendJson } from "@/components/ui/send-json";

export type InvitationRow = { id: string; email: string; role: string; expiresAt: string };

export function PendingInvitations({ invitations }: { invitations: InvitationRow[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function revoke(id: string) {
    setBusy(id);
    setError(null);
    const answer = await sendJson(`/api/team/invitations/${id}`, "DELETE");
    if (answer.ok) router.refresh();
    else setError(answer.message);
    setBusy(null);
  }

  if (invitations.length === 0) return <p className="text-sm text-slate-500">No pending invitations.</p>;
  return (
    <div className="space-y-3">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <ul className="divide-y divide-slate-100" aria-label="Pending invitations">
        {invitations.map((i) => (
          <li key={i.id} className="flex items-center justify-between py-3 text-sm">
            <div>
              <p className="font-medium">{i.email}</p>
              <p className="text-xs text-slate-500">
                {i.role} · expires {new Date(i.expiresAt).toLocaleDateString("en-US", { month: "short", day: "numeric" })}
              </p>
            </div>
            <Button variant="ghost" disabled={busy !== null} onClick={() => revoke(i.id)}>
              {busy === i.id ? "Revoking…" : "Revoke"}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
