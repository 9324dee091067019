"use client";

import { useState } from "react";
import { LoginFormBody, type LoginValues } from "@/components/auth/login-form-body";
import { Notice } from "@/components/ui";

type Workspace = { slug: string; name: string; role: string; url: string };

export function RootLoginForm() {
  const [values, setValues] = useState<LoginValues>({ email: "", password: "", code: "" });
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
    const { email, password, code } = values;
    try {
      const res = await fetch("/api/login/workspaces", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(askCode ? { email, password, code } : { email, password }) });
      const body = await res.json();
      if (!res.ok && body.error?.code === "two_factor_required") {
        // The password was right; the hand-off links are only issued after the second factor.
        if (askCode) setErrors(body.error?.fields ?? {});
        setAskCode(true);
        setValues({ ...values, code: "" });
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
      <LoginFormBody
        values={values}
        onChange={setValues}
        askCode={askCode}
        errors={errors}
        formError={formError}
        busy={busy}
        submitLabel="Continue"
        busyLabel="Checking…"
        forgotPasswordUrl="/forgot-password"
      />
    </form>
  );
}
