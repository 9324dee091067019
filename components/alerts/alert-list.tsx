"use client";

import { useState } from "react";
import { Button } from "@/components/ui";
import type { AlertInstance } from "@/lib/alerts/alert-queries";
import { ago, StateBadge, utc } from "./format";

/** Alerts that are not OK, firing first, with since-when; alerting ones can be acknowledged. */
export function AlertList({ alerts, canAck }: { alerts: AlertInstance[]; canAck: boolean }) {
  const [acked, setAcked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  async function ack(a: AlertInstance) {
    setError(null);
    const res = await fetch("/api/alerts/acknowledge", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ruleId: a.ruleId, resourceId: a.resourceId }) }).catch(() => null);
    if (res?.ok) setAcked(new Set([...acked, `${a.ruleId}|${a.resourceId}`]));
    else setError("Acknowledging failed.");
  }
  return (
    <div>
      {error ? <p role="alert" className="mb-2 text-sm text-red-600">{error}</p> : null}
      <ul className="divide-y divide-slate-100" aria-label="Active alerts">
        {alerts.map((a) => {
          const key = `${a.ruleId}|${a.resourceId}`;
          const isAcked = Boolean(a.acknowledgedAt) || acked.has(key);
          return (
            <li key={key} className="flex flex-wrap items-start justify-between gap-3 py-3">
              <div className="min-w-0">
                <div className="flex items-center gap-2">
                  <StateBadge state={a.state} />
                  <a href={`/alerts/${a.ruleId}`} className="font-medium text-slate-900 hover:underline">
                    {a.ruleName}
                  </a>
                  <span className="text-xs uppercase text-slate-500">{a.severity}</span>
                </div>
                <p className="mt-1 text-sm text-slate-700">
                  {a.resourceName && a.resourceName !== a.resourceId ? `${a.resourceName} (${a.resourceId})` : a.resourceId} · since {utc(a.since)} ({ago(a.since)})
                </p>
                {a.summary.map((line) => (
                  <p key={line} className="text-xs text-slate-500">
                    {line}
                  </p>
                ))}
              </div>
              {["firing", "no_data", "error"].includes(a.state) ? (
                isAcked ? (
                  <span className="text-xs font-medium text-slate-500">Acknowledged</span>
                ) : canAck ? (
                  <Button type="button" variant="secondary" onClick={() => ack(a)} aria-label={`Acknowledge ${a.ruleName} on ${a.resourceId}`}>
                    Acknowledge
                  </Button>
                ) : null
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
