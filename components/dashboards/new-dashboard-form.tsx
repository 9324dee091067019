"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Creates a blank dashboard and opens it. */
export function NewDashboardForm() {
  const router = useRouter();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const r = await fetch("/api/dashboards", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name }) });
    const body = (await r.json().catch(() => ({}))) as { dashboard?: { target: string }; error?: { message: string; fields?: Record<string, string> } };
    setBusy(false);
    if (!r.ok || !body.dashboard) return setError(body.error?.fields?.name ?? body.error?.message ?? "Could not create the dashboard.");
    router.push(`/dashboards/custom/${body.dashboard.target}`);
  };
  return (
    <form onSubmit={submit} className="flex items-end gap-3">
      <div className="w-72">
        <Field label="New dashboard name" value={name} onChange={(e) => setName(e.target.value)} maxLength={80} error={error} required />
      </div>
      <Button type="submit" disabled={busy}>
        Create blank dashboard
      </Button>
    </form>
  );
}
