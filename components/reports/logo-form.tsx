"use client";

import { useState } from "react";
import { Button, Notice } from "@/components/ui";

/** Upload (multipart to /api/reports/branding), preview and remove the workspace logo. */
export function LogoForm({ hasLogo }: { hasLogo: boolean }) {
  const [present, setPresent] = useState(hasLogo);
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async (init: RequestInit, done: string, after: boolean) => {
    setBusy(true);
    setSaved(null);
    try {
      const response = await fetch("/api/reports/branding", init);
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string; fields?: Record<string, string> } };
        setError(body.error?.fields?.logo ?? body.error?.message ?? "The logo could not be saved.");
        return;
      }
      setError(null);
      setSaved(done);
      setPresent(after);
      setVersion((v) => v + 1);
    } catch {
      setError("Monitr could not be reached. Try again.");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-4">
      {error ? <Notice tone="error">{error}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      {present ? (
        <img src={`/api/reports/branding?v=${version}`} alt="Current logo" className="max-h-20 rounded border border-slate-200 bg-white p-2" />
      ) : (
        <p className="text-sm text-slate-500">No logo yet: statements show the workspace name only.</p>
      )}
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const file = data.get("logo");
          if (!(file instanceof File) || file.size === 0) return setError("Choose an image file.");
          void send({ method: "POST", body: data }, "Logo saved. New reports use it.", true);
        }}
      >
        <div className="space-y-1">
          <label htmlFor="logo-file" className="block text-sm font-medium text-slate-700">
            Logo file
          </label>
          <input id="logo-file" name="logo" type="file" accept="image/png,image/jpeg" className="block text-sm" />
        </div>
        <Button type="submit" disabled={busy}>
          Upload logo
        </Button>
        {present ? (
          <Button type="button" variant="secondary" disabled={busy} onClick={() => void send({ method: "DELETE" }, "Logo removed.", false)}>
            Remove logo
          </Button>
        ) : null}
      </form>
    </div>
  );
}
