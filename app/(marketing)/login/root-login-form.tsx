"use client";

import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";

type Workspace = { slug: string; name: string; role: string; url: string };

export function RootLoginForm() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [askCode, setAskCode] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [workspaces, setWorkspaces] = useState<Workspace[] | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setFormError(null);
    setErrors({});
    try {
      const res = await fetch("/api/login/workspaces", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(askCode ? { email, password, code } : { email, password }) });
      const body = await res.json();
      if (!res.ok && body.error?.code === "two_factor_required") {
        // The password was right; the hand-off links are only issued after the second factor.
        if (askCode) setErrors(body.error?.fields ?? {});
        setAskCode(true);
        setCode("");
      } else if (!res.ok) {
        setErrors(body.error?.fields ?? {});
        setFormError(body.error?.message ?? "Log-in failed.");
      } else if (body.workspaces.length === 1) {
        window.location.assign(body.workspaces[0].url);
        return;
      } else {
        setWorkspaces(body.workspaces);
      }
    } catch {
      setFormError("We couldn't reach Monitr. Check your connection and try again.");
    }
    setBusy(false);
  }

  if (workspaces) {
    return workspaces.length === 0 ? (
      <Notice>You are not a member of any workspace yet. Ask your admin for an invitation, or create a workspace.</Notice>
    ) : (
      <div>
        <h2 className="text-sm font-medium text-slate-700">Choose a workspace</h2>
        <ul className="mt-3 divide-y divide-slate-100 rounded-md border border-slate-200">
          {workspaces.map((w) => (
            <li key={w.slug}>
              <a href={w.url} className="flex items-center justify-between px-4 py-3 text-sm hover:bg-slate-50">
                <span className="font-medium">{w.name}</span>
                <span className="text-slate-500">{w.role}</span>
              </a>
            </li>
          ))}
        </ul>
      </div>
    );
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-5">
      {formError ? <Notice tone="error">{formError}</Notice> : null}
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
            error={errors.code}
            hint="6 digits, or one of your recovery codes."
            required
          />
        </>
      ) : (
        <>
          <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} required />
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} required />
        </>
      )}
      <Button type="submit" className="w-full" disabled={busy}>
        {busy ? "Checking…" : askCode ? "Verify" : "Continue"}
      </Button>
      {!askCode ? (
        <p className="text-center text-sm">
          <a href="/forgot-password" className="text-brand-600 hover:underline">
            Forgot password?
          </a>
        </p>
      ) : null}
    </form>
  );
}
