"use client";

import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";
import { useSubmit } from "@/components/ui/use-submit";

export function ChangePasswordForm() {
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const { errors, notice, busy, send } = useSubmit();

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const changed = await send<{ sessionsEnded: number }>("/api/account/password", "POST", { currentPassword, newPassword }, {
      success: ({ sessionsEnded: n }) => `Password changed.${n ? ` ${n} other session${n === 1 ? " was" : "s were"} signed out.` : ""}`,
      refresh: false,
    });
    if (changed) {
      setCurrent("");
      setNew("");
    }
  }

  return (
    <form onSubmit={submit} noValidate className="max-w-md space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={errors.currentPassword} required />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        value={newPassword}
        onChange={(e) => setNew(e.target.value)}
        error={errors.newPassword}
        hint="At least 10 characters. Changing it signs out your other sessions."
        required
      />
      <Button type="submit" disabled={busy}>
        {busy ? "Saving…" : "Change password"}
      </Button>
    </form>
  );
}
