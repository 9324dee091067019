"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";
import { LoginFormBody, type LoginValues } from "@/components/auth/login-form-body";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "Wrong email or password, or this account is not a member of this workspace.",
  RateLimited: "Too many sign-in attempts. Please wait a few minutes and try again.",
  TwoFactorInvalid: "That code didn't work. Codes can be used once; wait for the next one, or use a recovery code.",
};

/** Email and password, then (for accounts with two-factor sign-in) the authenticator code. */
export function TenantLoginForm({ forgotPasswordUrl }: { forgotPasswordUrl: string }) {
  const [values, setValues] = useState<LoginValues>({ email: "", password: "", code: "" });
  const [askCode, setAskCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const { email, password, code } = values;
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
      if (result?.error === "TwoFactorInvalid") setValues({ ...values, code: "" });
      setError(MESSAGES[result?.error ?? ""] ?? "Sign-in failed. Please try again.");
    }
    setBusy(false);
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      <LoginFormBody
        values={values}
        onChange={setValues}
        askCode={askCode}
        formError={error}
        busy={busy}
        submitLabel="Log in"
        busyLabel="Signing in…"
        forgotPasswordUrl={forgotPasswordUrl}
      />
    </form>
  );
}
