"use client";

import { useState } from "react";
import { Button, Notice } from "@/components/ui";

/** POSTs to a billing endpoint that answers `{ url }` and sends the browser there (Stripe Checkout or the portal). */
function RedirectButton({ endpoint, label, busyLabel, variant }: { endpoint: string; label: string; busyLabel: string; variant: "primary" | "secondary" }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function go() {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(endpoint, { method: "POST" });
      const body = (await res.json().catch(() => ({}))) as { url?: string; error?: { message?: string } };
      if (res.ok && body.url) {
        window.location.assign(body.url);
        return;
      }
      setError(body.error?.message ?? "Something went wrong. Try again.");
    } catch {
      setError("We couldn't reach Monitr. Try again.");
    }
    setBusy(false);
  }

  return (
    <div className="space-y-3">
      <Button type="button" variant={variant} onClick={go} disabled={busy}>
        {busy ? busyLabel : label}
      </Button>
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}

export function UpgradeButton() {
  return <RedirectButton endpoint="/api/billing/checkout" label="Upgrade to Pro" busyLabel="Opening checkout…" variant="primary" />;
}

export function ManageBillingButton() {
  return <RedirectButton endpoint="/api/billing/portal" label="Manage billing" busyLabel="Opening billing portal…" variant="secondary" />;
}
