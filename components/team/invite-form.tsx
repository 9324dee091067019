"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";
import { sendJson } from "@/components/ui/send-json";

const ROLE_HELP: Record<string, string> = {
  viewer: "Viewer — sees everything, changes nothing.",
  member: "Member — edits dashboards, alerts, reports and budgets.",
  admin: "Admin — also manages AWS accounts, channels, API keys and members.",
  owner: "Owner — also billing, the subdomain and deleting the workspace.",
};

export function InviteForm({ roles }: { roles: string[] }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("member");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error" | "warning"; text: string; link?: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setNotice(null);
    const answer = await sendJson<{ link: string; mailed: boolean }>("/api/team/invitations", "POST", { email, role });
    if (answer.ok) {
      setNotice(
        answer.data.mailed
          ? { tone: "success", text: `Invitation sent to ${email}.` }
          : { tone: "warning", text: `The invitation email to ${email} could not be sent. Share this link with them:`, link: answer.data.link },
      );
      setEmail("");
      router.refresh();
    } else {
      setErrors(answer.fields);
      setNotice({ tone: "error", text: answer.message });
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {notice ? (
        <Notice tone={notice.tone}>
          {notice.text}
          {notice.link ? <code className="mt-2 block break-all text-xs">{notice.link}</code> : null}
        </Notice>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field label="Email address" name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} required />
        <div className="space-y-1">
          <label htmlFor="invite-role" className="block text-sm font-medium text-slate-700">
            Role
          </label>
          <select id="invite-role" value={role} onChange={(e) => setRole(e.target.value)} className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm">
            {roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="text-xs text-slate-500">{ROLE_HELP[role]}</p>
      <Button type="submit" disabled={busy}>
        {busy ? "Sending…" : "Send invitation"}
      </Button>
    </form>
  );
}
