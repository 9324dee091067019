"use client";

import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";

type Check = { permission: string; ok: boolean; errorCode?: string; message?: string; fix?: string };
export type TestResult = { assumed: boolean; accountId?: string; error?: { code: string; message: string }; checks: Check[] };

/** Step 2 of connecting: paste the role ARN, test it, connect. */
export function ConnectForm() {
  const [roleArn, setRoleArn] = useState("");
  const [name, setName] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [planLimited, setPlanLimited] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [busy, setBusy] = useState<"test" | "connect" | null>(null);

  async function call(path: string, body: unknown) {
    const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { res, body: await res.json().catch(() => ({})) };
  }

  async function test() {
    setBusy("test");
    setErrors({});
    setFormError(null);
    setResult(null);
    try {
      const { res, body } = await call("/api/aws/connections/test", { roleArn });
      if (res.ok) setResult(body as TestResult);
      else {
        setErrors(body.error?.fields ?? {});
        setFormError(body.error?.message ?? "The test failed.");
      }
    } catch {
      setFormError("We couldn't reach Monitr. Try again.");
    }
    setBusy(null);
  }

  async function connect(event: React.FormEvent) {
    event.preventDefault();
    setBusy("connect");
    setErrors({});
    setFormError(null);
    try {
      const { res, body } = await call("/api/aws/connections", { roleArn, name: name || undefined });
      if (res.ok) {
        window.location.assign(`/settings/aws/${body.connection.id}`);
        return;
      }
      setErrors(body.error?.fields ?? {});
      setFormError(body.error?.message ?? "Connecting failed.");
      setPlanLimited(body.error?.code === "plan_limit");
    } catch {
      setFormError("We couldn't reach Monitr. Try again.");
    }
    setBusy(null);
  }

  return (
    <form onSubmit={connect} noValidate className="space-y-4">
      {formError ? (
        <Notice tone="error">
          {formError}
          {planLimited ? (
            <>
              {" "}
              <a href="/settings/billing" className="font-medium underline">
                See plans and upgrade
              </a>
            </>
          ) : null}
        </Notice>
      ) : null}
      <Field
        label="Role ARN"
        name="roleArn"
        placeholder="arn:aws:iam::123456789012:role/MonitrReadOnly"
        value={roleArn}
        onChange={(e) => {
          setRoleArn(e.target.value);
          setResult(null);
        }}
        error={errors.roleArn}
        autoComplete="off"
        spellCheck={false}
        required
      />
      <Field label="Name (optional)" name="name" placeholder="Production" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
      <div className="flex gap-3">
        <Button type="button" variant="secondary" onClick={test} disabled={busy !== null || !roleArn.trim()}>
          {busy === "test" ? "Testing…" : "Test connection"}
        </Button>
        <Button type="submit" disabled={busy !== null || !roleArn.trim()}>
          {busy === "connect" ? "Connecting…" : "Connect"}
        </Button>
      </div>
      {result ? <TestChecklist result={result} /> : null}
    </form>
  );
}

/** The permission checklist of "Test connection", also shown by "Re-test permissions" (retest-permissions.tsx). */
export function TestChecklist({ result }: { result: TestResult }) {
  if (!result.assumed) {
    return (
      <Notice tone="error">
        Monitr could not assume this role{result.error ? `: ${result.error.message}` : "."} Check the role ARN and that its trust policy names this
        workspace&apos;s ExternalId.
      </Notice>
    );
  }
  const failed = result.checks.filter((c) => !c.ok).length;
  return (
    <div className="rounded-md border border-slate-200">
      <p className="border-b border-slate-200 px-4 py-2 text-sm font-medium">
        {failed === 0 ? `Role assumed in account ${result.accountId ?? ""}. Every permission works.` : `Role assumed. ${failed} permission${failed > 1 ? "s" : ""} missing.`}
      </p>
      <ul aria-label="Permission checks" className="divide-y divide-slate-100 text-sm">
        {result.checks.map((check) => (
          <li key={check.permission} className="flex items-start gap-3 px-4 py-2">
            <span aria-hidden className={check.ok ? "text-emerald-600" : "text-red-600"}>
              {check.ok ? "✓" : "✗"}
            </span>
            <div>
              <p className="font-mono text-xs">
                {check.permission} <span className="sr-only">{check.ok ? "works" : "missing"}</span>
              </p>
              {!check.ok ? (
                <p className="text-xs text-slate-600">
                  {check.errorCode ? <span className="font-medium">{check.errorCode}: </span> : null}
                  {check.fix ?? check.message}
                </p>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
