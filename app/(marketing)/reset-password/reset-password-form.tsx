"use client";

import { useState } from "react";
import { Button, ButtonLink, Field, Notice } from "@/components/ui";

export function ResetPasswordForm({ token }: { token: string }) {
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const res = await fetch("/api/account/password-reset/confirm", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ token, password }) });
      const body = await res.json().catch(() => ({}));
      if (res.ok) setDone(true);
      else {
        setErrors(body.error?.fields ?? {});
        setFormError(body.error?.fields?.token ?? body.error?.message ?? "Something went wrong.");
      }
    } catch {
      setFormError("We couldn't reach Monitr. Check your connection and try again.");
    }
    setBusy(false);
  }

  if (done) {
    return (
      <div className="space-y-4">
        <Notice tone="success">Your password has been changed, and every session of your account was signed out.</Notice>
        <ButtonLink href="/login">Log in</ButtonLink>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {formError ? <Notice tone="error">{formError}</Notice> : null}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint="At least 10 characters. A few unrelated words work well."
        required
      />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Saving…" : "Set new password"}
      </Button>
    </form>
  );
}
