"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";
import { sendJson } from "@/components/ui/send-json";

/**
 * A new person sets a name and password; someone with an account confirms it's them (password,
 * and the code when two-factor is on). Then the one-time token signs them in here.
 */
export function AcceptInvitationForm({ token, email, role, accountExists }: { token: string; email: string; role: string; accountExists: boolean }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [askCode, setAskCode] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFormError(null);
    const body = accountExists ? { mode: "existing", token, password, ...(askCode ? { code } : {}) } : { mode: "new", token, name, password };
    const answer = await sendJson<{ handoffToken: string }>("/api/team/invitations/accept", "POST", body);
    if (answer.ok) {
      const result = await signIn("handoff", { token: answer.data.handoffToken, redirect: false }).catch(() => null);
      if (result?.ok && !result.error) {
        window.location.assign("/");
        return;
      }
      setFormError("You joined the workspace, but signing you in failed. Log in to continue.");
    } else if (answer.code === "two_factor_required") {
      if (askCode) setErrors(answer.fields);
      setAskCode(true);
    } else {
      setErrors(answer.fields);
      setFormError(answer.message);
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <p className="text-sm text-slate-600">
        You&apos;re invited as <strong>{role}</strong> with <strong>{email}</strong>.
        {accountExists ? " You already have a Monitr account: confirm your password to join." : " Create your account to join."}
      </p>
      {formError ? <Notice tone="error">{formError}</Notice> : null}
      {accountExists ? null : <Field label="Full name" name="name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />}
      <Field
        label={accountExists ? "Password" : "Choose a password"}
        name="password"
        type="password"
        autoComplete={accountExists ? "current-password" : "new-password"}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        hint={accountExists ? undefined : "At least 10 characters. A few unrelated words work well."}
        required
      />
      {askCode ? (
        <Field
          label="Authentication code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          error={errors.code}
          hint="Two-factor sign-in is on for your account: 6 digits, or a recovery code."
          required
        />
      ) : null}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Joining…" : "Join workspace"}
      </Button>
    </form>
  );
}
