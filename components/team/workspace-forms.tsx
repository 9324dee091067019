"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";
import { sendJson } from "@/components/ui/send-json";

export function RenameWorkspaceForm({ name: initial }: { name: string }) {
  const router = useRouter();
  const [name, setName] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    const answer = await sendJson("/api/workspaces/current", "PATCH", { name });
    if (answer.ok) {
      setNotice({ tone: "success", text: "Saved." });
      router.refresh();
    } else {
      setErrors(answer.fields);
      setNotice({ tone: "error", text: answer.message });
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-md space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <Field label="Workspace name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Rename"}
      </Button>
    </form>
  );
}

export function ChangeSubdomainForm({ slug: current, appDomain }: { slug: string; appDomain: string }) {
  const [slug, setSlug] = useState(current);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!confirm(`Move the workspace to ${slug}.${appDomain}? Everyone will need the new address; the old one redirects for 30 days.`)) return;
    setBusy(true);
    setErrors({});
    setError(null);
    const answer = await sendJson<{ url: string }>("/api/workspaces/current/subdomain", "POST", { slug });
    if (answer.ok) {
      window.location.assign(answer.data.url);
      return;
    }
    setErrors(answer.fields);
    setError(answer.message);
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-md space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Field label="Subdomain" name="slug" value={slug} onChange={(e) => setSlug(e.target.value.toLowerCase())} error={errors.slug} suffix={`.${appDomain}`} required />
      <Button type="submit" disabled={busy || slug === current}>
        {busy ? "Moving…" : "Change subdomain"}
      </Button>
    </form>
  );
}

export function DeleteWorkspaceForm({ slug }: { slug: string }) {
  const [confirmText, setConfirmText] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setError(null);
    const answer = await sendJson<{ url: string }>("/api/workspaces/current", "DELETE", { confirm: confirmText });
    if (answer.ok) {
      window.location.assign(answer.data.url);
      return;
    }
    setErrors(answer.fields);
    setError(answer.message);
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-md space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <p className="text-sm text-slate-600">
        This deletes every dashboard, alert, report, budget, AWS connection and all collected data, and signs everyone out. It cannot be undone.
      </p>
      <Field label={`Type ${slug} to confirm`} name="confirm" value={confirmText} onChange={(e) => setConfirmText(e.target.value)} error={errors.confirm} autoComplete="off" required />
      <Button type="submit" variant="danger" disabled={busy || confirmText.trim().toLowerCase() !== slug}>
        {busy ? "Deleting…" : "Delete workspace"}
      </Button>
    </form>
  );
}
