"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password, or this account is not a member of this workspace.",
  RateLimited: "Too many sign-in attempts. Please wait a few minutes and try again.",
  TwoFactorInvalid: "That code didn't work. Codes can be used once; wait for the next one, or use a recovery code.",
};

/** Email and password, then (for accounts with two-factor sign-in) the authenticator code. */
export function TenantLoginForm({ forgotPasswordUrl }: { forgotPasswordUrl: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [askCode, setAskCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    // next-auth posts every field as a string: leave `code` out until there is one.
    const fields = askCode && code.trim() ? { email, password, code: code.trim() } : { email, password };
    const result = await signIn("password", { ...fields, redirect: false }).catch(() => null);
    if (result?.ok && !result.error) {
      window.location.assign("/");
      return;
    }
    if (result?.error === "TwoFactorRequired") {
      setAskCode(true);
    } else {
      if (result?.error === "TwoFactorInvalid") setCode("");
      setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Please try again.");
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {askCode ? (
        <>
          <p className="text-sm text-slate-600">Two-factor sign-in is on for {email}. Open your authenticator app and enter the current code.</p>
          <Field
            label="Authentication code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            value={code}
            onChange={(e) => setCode(e.target.value)}
            hint="6 digits, or one of your recovery codes."
            required
          />
        </>
      ) : (
        <>
          <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </>
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : askCode ? "Verify" : "Log in"}
      </Button>
      {!askCode ? (
        <p className="text-center text-sm">
          <a href={forgotPasswordUrl} className="text-brand-600 hover:underline">
            Forgot password?
          </a>
        </p>
      ) : null}
    </form>
  );
}
