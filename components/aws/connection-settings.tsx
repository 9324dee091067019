"use client";

import { useId, useState } from "react";
import { formatMoney } from "@/components/charts/format";
import { Button, Field, Notice } from "@/components/ui";
import { useSubmit } from "@/components/ui/use-submit";
import type { CollectionCost } from "@/lib/aws/collection-cost";

/** Offered only while a connection's enabled regions are not known (rows from before they were stored). */
const COMMON_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3",
  "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
];

const splitKeys = (text: string) => [...new Set(text.split(",").map((k) => k.trim()).filter(Boolean))];
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

export type ConnectionSettingsProps = {
  id: string;
  regions: string[];
  /** The account's enabled regions (DescribeRegions); empty when not known. */
  availableRegions: string[];
  regionsWithResources: string[];
  interval: number;
  costTagKeys: string[];
  /** Tag keys on this connection's resources, offered as suggestions. */
  seenTagKeys: string[];
  canEdit: boolean;
  cost: CollectionCost;
};

/** Regions to monitor, the metrics schedule and cost allocation tag keys; disconnect. */
export function ConnectionSettings(props: ConnectionSettingsProps) {
  const { id, regions, availableRegions, regionsWithResources, canEdit, cost } = props;
  const [selected, setSelected] = useState(new Set(regions));
  const [every, setEvery] = useState(props.interval);
  const [tagKeys, setTagKeys] = useState(props.costTagKeys.join(", "));
  const [disconnectError, setDisconnectError] = useState<string | null>(null);
  const [disconnecting, setDisconnecting] = useState(false);
  const { errors, notice, busy: saving, send } = useSubmit();
  const busy = saving || disconnecting;
  const regionsErrorId = useId();
  const suggestionsId = useId();
  const known = availableRegions.length > 0;
  const all = [...new Set([...(known ? availableRegions : COMMON_REGIONS), ...regions])].sort();

  // The datalist matches the whole text, so each suggestion is the keys typed so far plus one more.
  const typed = tagKeys.includes(",") ? tagKeys.slice(0, tagKeys.lastIndexOf(",") + 1).trim() + " " : "";
  const chosen = new Set(splitKeys(tagKeys));
  const suggestions = props.seenTagKeys.filter((k) => !chosen.has(k));

  async function save() {
    await send(
      `/api/aws/connections/${id}`,
      "PATCH",
      { regions: [...selected], metricsIntervalSeconds: every, costTagKeys: splitKeys(tagKeys) },
      { success: "Saved.", collapse: ["regions", "costTagKeys", "metricsIntervalSeconds"] },
    );
  }

  async function disconnect() {
    if (!window.confirm("Disconnect this AWS account? Collection stops; data already collected stays until retention removes it.")) return;
    setDisconnecting(true);
    setDisconnectError(null);
    const res = await fetch(`/api/aws/connections/${id}`, { method: "DELETE" }).catch(() => null);
    if (res?.ok) window.location.assign("/settings/aws");
    else {
      setDisconnectError("Disconnecting failed.");
      setDisconnecting(false);
    }
  }

  return (
    <div className="space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {disconnectError ? <Notice tone="error">{disconnectError}</Notice> : null}
      <fieldset disabled={!canEdit || busy} aria-describedby={errors.regions ? regionsErrorId : undefined}>
        <legend className="text-sm font-medium">Regions to monitor</legend>
        <p className="mt-1 text-xs text-slate-500">
          {known
            ? "The regions enabled in this AWS account."
            : "This account's list of enabled regions is not stored yet; Monitr asks AWS when you save a region it does not know."}
          {regionsWithResources.length ? " Marked: resources were found there when the account was connected." : null}
        </p>
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
              {regionsWithResources.includes(region) ? (
                <span className="rounded bg-emerald-50 px-1 text-xs text-emerald-700" title="Resources were found here when the account was connected">
                  resources
                </span>
              ) : null}
            </label>
          ))}
        </div>
        {errors.regions ? (
          <p id={regionsErrorId} role="alert" className="mt-1 text-xs font-medium text-red-600">
            {errors.regions}
          </p>
        ) : null}
      </fieldset>
      <label className="block text-sm font-medium">
        Collect metrics every
        <select className="ml-2 rounded-md border border-slate-300 px-2 py-1 text-sm" value={every} disabled={!canEdit || busy} onChange={(e) => setEvery(Number(e.target.value))}>
          <option value={60}>1 minute</option>
          <option value={300}>5 minutes</option>
        </select>
      </label>
      {errors.metricsIntervalSeconds ? <p className="text-xs font-medium text-red-600">{errors.metricsIntervalSeconds}</p> : null}
      <CollectionCostNote cost={cost} interval={every} />
      <Field
        label="Cost allocation tag keys"
        value={tagKeys}
        onChange={(e) => setTagKeys(e.target.value)}
        disabled={!canEdit || busy}
        list={suggestionsId}
        placeholder="team, environment"
        autoComplete="off"
        error={errors.costTagKeys}
        hint={
          <>
            Costs are also broken down by these keys (comma-separated, at most 10), from the next cost sync. Cost Explorer groups only by tags activated as
            cost allocation tags in the AWS Billing console.
            {props.seenTagKeys.length ? ` On this account's resources: ${props.seenTagKeys.join(", ")}.` : null}
          </>
        }
      />
      <datalist id={suggestionsId}>
        {suggestions.map((key) => (
          <option key={key} value={`${typed}${key}`} />
        ))}
      </datalist>
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
