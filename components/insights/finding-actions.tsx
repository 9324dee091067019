"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/components/ui/send-json";
import { Button, Notice } from "@/components/ui";

export function DismissFinding({ findingKey, label }: { findingKey: string; label: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  if (!open)
    return (
      <Button type="button" variant="ghost" onClick={() => setOpen(true)}>
        Dismiss
      </Button>
    );
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={async (e) => {
        e.preventDefault();
        const answer = await sendJson("/api/insights/findings/dismiss", "POST", { key: findingKey, reason });
        if (answer.ok) router.refresh();
        else setError(answer.fields.reason ?? answer.message);
      }}
    >
      <label className="text-sm">
        <span className="block text-xs text-slate-600">Reason for dismissing {label}</span>
        <input value={reason} onChange={(e) => setReason(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1 text-sm" />
      </label>
      <Button type="submit" variant="secondary">
        Dismiss finding
      </Button>
      {error ? <p role="alert" className="w-full text-xs text-red-600">{error}</p> : null}
    </form>
  );
}

export function RestoreFinding({ findingKey }: { findingKey: string }) {
  const router = useRouter();
  return (
    <Button
      type="button"
      variant="ghost"
      onClick={async () => {
        await sendJson(`/api/insights/findings/dismiss?key=${encodeURIComponent(findingKey)}`, "DELETE");
        router.refresh();
      }}
    >
      Show again
    </Button>
  );
}

export function BackfillButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  return (
    <div className="space-y-2">
      <Button
        type="button"
        variant="secondary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const answer = await sendJson<{ points: number; regions: number; skipped: number }>("/api/insights/backfill", "POST");
          setBusy(false);
          if (answer.ok) {
            setNotice({ tone: "success", text: `Fetched ${answer.data.points} CPU datapoints in ${answer.data.regions} region(s)${answer.data.skipped ? `; ${answer.data.skipped} busy with a sync, retried by the worker` : ""}.` });
            router.refresh();
          } else setNotice({ tone: "error", text: answer.message });
        }}
      >
        {busy ? "Fetching 14 days of CPU…" : "Fetch 14 days of CPU now"}
      </Button>
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
    </div>
  );
}
