"use client";

import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";

export function ForgotPasswordForm() {
  const [email, setEmail] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    try {
      const res = await fetch("/api/account/password-reset", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email }) });
      const body = await res.json();
      if (res.ok) setSent(body.message);
      else {
        setErrors(body.error?.fields ?? {});
        setFormError(body.error?.message ?? "Something went wrong.");
      }
    } catch {
      setFormError("We couldn't reach Monitr. Check your connection and try again.");
    }
    setBusy(false);
  }

  if (sent) {
    return (
      <div className="space-y-4">
        <Notice tone="success">{sent}</Notice>
        <p className="text-sm text-slate-600">Didn&apos;t get it? Check your spam folder, or try again in a few minutes.</p>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {formError ? <Notice tone="error">{formError}</Notice> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} required />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Sending…" : "Send reset link"}
      </Button>
      <p className="text-center text-sm">
        <a href="/login" className="text-brand-600 hover:underline">
          Back to log in
        </a>
      </p>
    </form>
  );
}
