"use client";

import { useState } from "react";
import { Button, Field, Notice } from "@/components/ui";
import { RecoveryCodes } from "./recovery-codes";
import { sendJson } from "@/components/ui/send-json";

type Enrolment = { secret: string; qrDataUrl: string };

/**
 * Enrol: scan the QR code (or type the key), prove it with a code, save the recovery codes.
 * Disable: password + a current code. New recovery codes: a current code.
 */
export function TwoFactorSettings({ enabled: initiallyEnabled, codesLeft, onEnabledHref }: { enabled: boolean; codesLeft: number; onEnabledHref?: string }) {
  const [enabled, setEnabled] = useState(initiallyEnabled);
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [mode, setMode] = useState<"idle" | "disable" | "regenerate">("idle");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  function reset() {
    setErrors({});
    setNotice(null);
  }

  async function start() {
    setBusy(true);
    reset();
    const answer = await sendJson<Enrolment>("/api/account/two-factor", "POST");
    if (answer.ok) setEnrolment(answer.data);
    else setNotice({ tone: "error", text: answer.message });
    setBusy(false);
  }

  async function confirmCode(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    reset();
    const answer = await sendJson<{ recoveryCodes: string[] }>("/api/account/two-factor/confirm", "POST", { code });
    if (answer.ok) {
      setEnabled(true);
      setEnrolment(null);
      setCodes(answer.data.recoveryCodes);
      setCode("");
      setNotice({ tone: "success", text: "Two-factor sign-in is on." });
    } else {
      setErrors(answer.fields);
      setNotice({ tone: "error", text: answer.message });
    }
    setBusy(false);
  }

  async function disable(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    reset();
    const answer = await sendJson("/api/account/two-factor", "DELETE", { password, code });
    if (answer.ok) {
      setEnabled(false);
      setMode("idle");
      setCodes(null);
      setNotice({ tone: "success", text: "Two-factor sign-in is off." });
    } else {
      setErrors(answer.fields);
      setNotice({ tone: "error", text: answer.message });
    }
    setPassword("");
    setCode("");
    setBusy(false);
  }

  async function regenerate(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    reset();
    const answer = await sendJson<{ recoveryCodes: string[] }>("/api/account/two-factor/recovery-codes", "POST", { code });
    if (answer.ok) {
      setCodes(answer.data.recoveryCodes);
      setMode("idle");
    } else {
      setErrors(answer.fields);
      setNotice({ tone: "error", text: answer.message });
    }
    setCode("");
    setBusy(false);
  }

  const codeField = (
    <Field label="Authentication code" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} error={errors.code} required />
  );

  return (
    <div className="space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <p className="text-sm text-slate-600" data-testid="two-factor-status">
        {enabled ? `Two-factor sign-in is on. ${codes ? "" : `${codesLeft} recovery code${codesLeft === 1 ? "" : "s"} left.`}` : "Two-factor sign-in is off."}
      </p>
      {codes ? (
        <>
          <RecoveryCodes codes={codes} />
          {onEnabledHref ? (
            <a href={onEnabledHref} className="inline-block text-sm font-medium text-brand-600 hover:underline">
              I saved them — continue →
            </a>
          ) : null}
        </>
      ) : null}

      {!enabled && !enrolment ? (
        <Button onClick={start} disabled={busy}>
          {busy ? "Preparing…" : "Set up two-factor sign-in"}
        </Button>
      ) : null}

      {enrolment ? (
        <form onSubmit={confirmCode} noValidate className="max-w-md space-y-4">
          <p className="text-sm text-slate-600">Scan this QR code with an authenticator app (1Password, Google Authenticator, Authy…), then enter the code it shows.</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated on the server */}
          <img src={enrolment.qrDataUrl} alt="QR code for your authenticator app" width={220} height={220} className="rounded border border-slate-200" />
          <p className="text-xs text-slate-500">
            Can&apos;t scan? Enter this key: <code data-testid="totp-secret" className="select-all break-all font-mono">{enrolment.secret}</code>
          </p>
          {codeField}
          <Button type="submit" disabled={busy}>
            {busy ? "Checking…" : "Turn on"}
          </Button>
        </form>
      ) : null}

      {enabled && mode === "idle" ? (
        <div className="flex gap-3">
          <Button variant="secondary" onClick={() => (reset(), setMode("regenerate"))}>
            New recovery codes
          </Button>
          <Button variant="secondary" onClick={() => (reset(), setMode("disable"))}>
            Turn off two-factor
          </Button>
        </div>
      ) : null}

      {enabled && mode === "disable" ? (
        <form onSubmit={disable} noValidate className="max-w-md space-y-4">
          <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={errors.password} required />
          {codeField}
          <div className="flex gap-3">
            <Button type="submit" variant="danger" disabled={busy}>
              {busy ? "Turning off…" : "Turn off"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setMode("idle")}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}

      {enabled && mode === "regenerate" ? (
        <form onSubmit={regenerate} noValidate className="max-w-md space-y-4">
          <p className="text-sm text-slate-600">Your current recovery codes will stop working.</p>
          {codeField}
          <div className="flex gap-3">
            <Button type="submit" disabled={busy}>
              {busy ? "Making…" : "Make new codes"}
            </Button>
            <Button type="button" variant="ghost" onClick={() => setMode("idle")}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
