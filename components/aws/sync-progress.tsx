"use client";

import { useEffect, useState } from "react";
import { Notice, Spinner } from "@/components/ui";

type Progress = { state: "pending" | "running" | "done" | "failed"; resourcesFound: number; seriesFound: number; pointsLoaded: number; costsLoaded: boolean };

/** The first sync's progress, polled until data is there. */
export function SyncProgress({ connectionId, initial }: { connectionId: string; initial: Progress }) {
  const [progress, setProgress] = useState(initial);
  const [error, setError] = useState(false);

  useEffect(() => {
    if (progress.state === "done" || progress.state === "failed") return;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/aws/connections/${connectionId}/progress`, { cache: "no-store" });
        if (!res.ok) throw new Error(String(res.status));
        setProgress(await res.json());
        setError(false);
      } catch {
        setError(true);
      }
    }, 2000);
    return () => clearTimeout(timer);
  }, [progress, connectionId]);

  const steps = [
    ["Resources found", progress.resourcesFound.toLocaleString("en-US")],
    ["Metric series", progress.seriesFound.toLocaleString("en-US")],
    ["Data points loaded", progress.pointsLoaded.toLocaleString("en-US")],
    ["Costs", progress.costsLoaded ? "loaded" : "loading…"],
  ] as const;

  return (
    <div className="space-y-3" aria-live="polite">
      {progress.state === "done" ? (
        <Notice tone="success">First sync complete. Your dashboards are ready.</Notice>
      ) : progress.state === "failed" ? (
        <Notice tone="error">The first sync failed. See the sync history below for the error; Monitr retries automatically.</Notice>
      ) : (
        <Spinner label={progress.state === "pending" ? "First sync queued…" : "First sync running…"} />
      )}
      {error ? <p className="text-xs text-amber-700">Couldn&apos;t refresh the progress; retrying.</p> : null}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4" aria-label="First sync progress">
        {steps.map(([label, value]) => (
          <div key={label} className="rounded-md border border-slate-200 px-3 py-2">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-lg font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
