"use client";

import { useState } from "react";
import { formatMoney } from "@/components/charts/format";
import { Button, Notice } from "@/components/ui";
import type { CollectionCost } from "@/lib/aws/collection-cost";

const KNOWN_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
];

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const schedule = (seconds: number) => (seconds === 60 ? "every minute" : `every ${seconds / 60} minutes`);

/**
 * What the chosen schedule costs in the customer's own AWS bill (GetMetricData is billed per metric
 * requested), shown before they save, next to the other schedule and to what the last day measured.
 */
function CollectionCostNote({ cost, interval }: { cost: CollectionCost; interval: number }) {
  const chosen = cost.bySchedule.find((s) => s.intervalSeconds === interval);
  const other = cost.bySchedule.find((s) => s.intervalSeconds !== interval);
  if (!chosen || cost.series === 0) {
    return <p className="text-xs text-slate-500">AWS bills CloudWatch GetMetricData at $0.01 per 1,000 metrics requested; an estimate appears after the first metrics sync.</p>;
  }
  return (
    <div className="space-y-1 text-xs text-slate-600" data-testid="collection-cost">
      <p>
        In your AWS bill: about <strong>{formatMoney(chosen.usdPerMonth)} a month</strong> of CloudWatch GetMetricData charges {schedule(interval)} ({count(cost.series)} metrics per run,{" "}
        {count(chosen.metricsPerMonth)} a month, at $0.01 per 1,000).{" "}
        {other ? `Collecting ${schedule(other.intervalSeconds)}: about ${formatMoney(other.usdPerMonth)} a month.` : null}
      </p>
      <p>
        Last 24 hours, measured: {count(cost.lastDay.metricsRequested)} metrics requested, {count(cost.lastDay.listMetricsRequests)} ListMetrics and{" "}
        {count(cost.lastDay.costExplorerRequests)} Cost Explorer requests ($0.01 each): {formatMoney(cost.lastDay.usd)}.
      </p>
    </div>
  );
}

/** Regions to monitor and the collection interval; disconnect. */
export function ConnectionSettings({ id, regions, interval, canEdit, cost }: { id: string; regions: string[]; interval: number; canEdit: boolean; cost: CollectionCost }) {
  const [selected, setSelected] = useState(new Set(regions));
  const [every, setEvery] = useState(interval);
  const [message, setMessage] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const all = [...new Set([...KNOWN_REGIONS, ...regions])].sort();

  async function save() {
    setBusy(true);
    setMessage(null);
    const res = await fetch(`/api/aws/connections/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ regions: [...selected], metricsIntervalSeconds: every }),
    }).catch(() => null);
    const body = await res?.json().catch(() => null);
    setMessage(res?.ok ? { tone: "success", text: "Saved." } : { tone: "error", text: body?.error?.fields?.regions ?? body?.error?.message ?? "Saving failed." });
    setBusy(false);
  }

  async function disconnect() {
    if (!window.confirm("Disconnect this AWS account? Collection stops; data already collected stays until retention removes it.")) return;
    setBusy(true);
    const res = await fetch(`/api/aws/connections/${id}`, { method: "DELETE" }).catch(() => null);
    if (res?.ok) window.location.assign("/settings/aws");
    else {
      setMessage({ tone: "error", text: "Disconnecting failed." });
      setBusy(false);
    }
  }

  return (
    <div className="space-y-4">
      {message ? <Notice tone={message.tone}>{message.text}</Notice> : null}
      <fieldset disabled={!canEdit || busy}>
        <legend className="text-sm font-medium">Regions to monitor</legend>
        <div className="mt-2 grid grid-cols-2 gap-1 sm:grid-cols-4">
          {all.map((region) => (
            <label key={region} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={selected.has(region)}
                onChange={(e) => {
                  const next = new Set(selected);
                  if (e.target.checked) next.add(region);
                  else next.delete(region);
                  setSelected(next);
                }}
              />
              {region}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="block text-sm font-medium">
        Collect metrics every
        <select className="ml-2 rounded-md border border-slate-300 px-2 py-1 text-sm" value={every} disabled={!canEdit || busy} onChange={(e) => setEvery(Number(e.target.value))}>
          <option value={60}>1 minute</option>
          <option value={300}>5 minutes</option>
        </select>
      </label>
      <CollectionCostNote cost={cost} interval={every} />
      {canEdit ? (
        <div className="flex gap-3">
          <Button type="button" onClick={save} disabled={busy}>
            Save
          </Button>
          <Button type="button" variant="danger" onClick={disconnect} disabled={busy}>
            Disconnect
          </Button>
        </div>
      ) : null}
    </div>
  );
}
