"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password, or this account is not a member of this workspace.",
  RateLimited: "Too many sign-in attempts. Please wait a few minutes and try again.",
};

export function TenantLoginForm() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const result = await signIn("password", { email, password, redirect: false }).catch(() => null);
    if (result?.ok && !result.error) {
      window.location.assign("/");
      return;
    }
    setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Please try again.");
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {error ? <Notice tone="error">{error}</Notice> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Signing in…" : "Log in"}
      </Button>
    </form>
  );
}
