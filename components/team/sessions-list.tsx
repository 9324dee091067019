"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Notice } from "@/components/ui";
import { sendJson } from "@/components/ui/send-json";

export type SessionRow = { id: string; workspace: string; device: string; ip: string | null; lastSeenAt: string; createdAt: string; current: boolean };

const when = (iso: string) => new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });

export function SessionsList({ sessions }: { sessions: SessionRow[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function signOut(session: SessionRow) {
    setBusy(session.id);
    setError(null);
    const answer = await sendJson(`/api/account/sessions/${session.id}`, "DELETE");
    if (!answer.ok) setError(answer.message);
    else if (session.current) window.location.assign("/login");
    else router.refresh();
    setBusy(null);
  }

  async function signOutOthers() {
    setBusy("all");
    setError(null);
    const answer = await sendJson<{ ended: number }>("/api/account/sessions", "DELETE");
    if (answer.ok) {
      setNotice(`${answer.data.ended} session${answer.data.ended === 1 ? "" : "s"} signed out.`);
      router.refresh();
    } else setError(answer.message);
    setBusy(null);
  }

  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      <ul className="divide-y divide-slate-100" aria-label="Sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex items-center justify-between gap-4 py-3 text-sm" data-testid="session-row">
            <div className="min-w-0">
              <p className="font-medium text-slate-900">
                {s.device} {s.current ? <span className="ml-1 rounded bg-emerald-50 px-1.5 py-0.5 text-xs text-emerald-700">This session</span> : null}
              </p>
              <p className="text-xs text-slate-500">
                {s.workspace} · {s.ip ?? "unknown IP"} · last active {when(s.lastSeenAt)} · signed in {when(s.createdAt)}
              </p>
            </div>
            <Button variant="ghost" disabled={busy !== null} onClick={() => signOut(s)} aria-label={`Sign out ${s.device} in ${s.workspace}`}>
              {busy === s.id ? "Signing out…" : "Sign out"}
            </Button>
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <Button variant="secondary" disabled={busy !== null} onClick={signOutOthers}>
          {busy === "all" ? "Signing out…" : "Sign out all other sessions"}
        </Button>
      ) : null}
    </div>
  );
}
