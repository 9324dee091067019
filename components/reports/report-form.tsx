"use client";

import { useState, type ReactNode } from "react";
import { Button, Card, Field, Notice, SelectField } from "@/components/ui";
import { METRIC_STATS } from "@/lib/metrics/types";
import { PAGE_SIZE_IDS, RANGE_PRESET_IDS, RESOLUTION_IDS, type ReportRequestInput } from "@/lib/reports/schemas";
import type { ApiError } from "./api";
import { initialState, toRequest, type FormState } from "./form-state";
import { MetricPicker } from "./metric-picker";

export type Choice = { id: string; name: string };
export type OwnerChoice = { kind: "user" | "team" | "cost_center"; id: string; name: string };

const KIND_OPTIONS = [
  { value: "metrics", label: "Metrics (summary and charts, or every datapoint)" },
  { value: "costs", label: "Costs (total, by service, daily, month over month)" },
  { value: "chargeback", label: "Chargeback statement (a month, per person, team or tag)" },
] as const;
const RANGE_LABELS: Record<(typeof RANGE_PRESET_IDS)[number], string> = { "24h": "Last 24 hours", "7d": "Last 7 days", "30d": "Last 30 days", "last-week": "Last week", "last-month": "Last month", "this-month": "This month so far", custom: "Custom range" };
const STAT_LABELS: Record<(typeof METRIC_STATS)[number], string> = { avg: "Average", min: "Minimum", max: "Maximum", sum: "Sum", count: "Sample count", p95: "95th percentile" };
const RESOLUTION_LABELS: Record<(typeof RESOLUTION_IDS)[number], string> = { auto: "Automatic (every point in CSV)", raw: "Every datapoint", "5m": "5 minutes", "1h": "1 hour", "1d": "1 day" };

/**
 * What to report on, over which time, in which format. `onSubmit` gets the request and a flag:
 * generate now, or save as a schedule (the parent shows the schedule fields).
 */
export function ReportForm({
  dashboards,
  instances,
  clusters,
  owners,
  busy,
  error,
  onGenerate,
  scheduleSlot,
}: {
  dashboards: { ref: string; name: string }[];
  instances: Choice[];
  clusters: Choice[];
  owners: OwnerChoice[];
  busy: boolean;
  error: ApiError | null;
  onGenerate: (request: ReportRequestInput) => void;
  scheduleSlot?: (request: ReportRequestInput) => ReactNode;
}) {
  const [s, setS] = useState<FormState>(() => ({ ...initialState(), owner: owners[0] ? `${owners[0].kind}:${owners[0].id}` : "" }));
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setS((prev) => ({ ...prev, [key]: value }));
  const f = error?.fields ?? {};
  const resources = s.resourceKind === "eks_cluster" ? clusters : instances;
  const toggleResource = (id: string) => set("resourceIds", s.resourceIds.includes(id) ? s.resourceIds.filter((x) => x !== id) : [...s.resourceIds, id]);

  return (
    <Card title="New report">
      <form
        className="space-y-5"
        onSubmit={(e) => {
          e.preventDefault();
          onGenerate(toRequest(s));
        }}
      >
        {error ? <Notice tone="error">{error.message}</Notice> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField label="Report" value={s.kind} onChange={(e) => set("kind", e.target.value as FormState["kind"])} options={KIND_OPTIONS} error={f.kind} />
          <Field label="Title (optional)" value={s.title} maxLength={120} onChange={(e) => set("title", e.target.value)} error={f.title} placeholder="Shown on the title page" />
        </div>

        {s.kind === "metrics" ? (
          <div className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField
                label="Source"
                value={s.sourceBy}
                onChange={(e) => set("sourceBy", e.target.value as FormState["sourceBy"])}
                options={[
                  { value: "resources", label: "Selected resources" },
                  { value: "dashboard", label: "A dashboard" },
                  { value: "tag", label: "Resources with a tag" },
                ]}
              />
              {s.sourceBy === "dashboard" ? (
                <SelectField label="Dashboard" value={s.dashboard} onChange={(e) => set("dashboard", e.target.value)} options={dashboards.map((d) => ({ value: d.ref, label: d.name }))} error={f["source.dashboard"] ?? f.source} />
              ) : (
                <SelectField
                  label="Resource type"
                  value={s.resourceKind}
                  onChange={(e) => setS((prev) => ({ ...prev, resourceKind: e.target.value as FormState["resourceKind"], resourceIds: [], metrics: [] }))}
                  options={[
                    { value: "ec2_instance", label: "EC2 instances" },
                    { value: "eks_cluster", label: "EKS clusters" },
                  ]}
                />
              )}
            </div>
            {s.sourceBy === "resources" ? (
              <fieldset className="space-y-1">
                <legend className="text-sm font-medium text-slate-700">Resources</legend>
                {resources.length === 0 ? <p className="text-xs text-slate-500">No resources of this type yet.</p> : null}
                <div className="grid max-h-48 grid-cols-1 gap-1 overflow-y-auto rounded-md border border-slate-200 p-2 sm:grid-cols-2">
                  {resources.map((r) => (
                    <label key={r.id} className="flex items-center gap-2 text-sm">
                      <input type="checkbox" checked={s.resourceIds.includes(r.id)} onChange={() => toggleResource(r.id)} />
                      {r.name}
                    </label>
                  ))}
                </div>
                {f["source.resourceIds"] || f.source ? (
                  <p role="alert" className="text-xs font-medium text-red-600">
                    {f["source.resourceIds"] ?? f.source}
                  </p>
                ) : null}
              </fieldset>
            ) : null}
            {s.sourceBy === "tag" ? (
              <div className="grid gap-4 sm:grid-cols-2">
                <Field label="Tag key" value={s.tagKey} onChange={(e) => set("tagKey", e.target.value)} error={f["source.key"] ?? f.source} placeholder="team" />
                <Field label="Tag value" value={s.tagValue} onChange={(e) => set("tagValue", e.target.value)} error={f["source.value"]} placeholder="payments" />
              </div>
            ) : null}
            {s.sourceBy !== "dashboard" ? <MetricPicker resourceKind={s.resourceKind} resourceIds={s.sourceBy === "resources" ? s.resourceIds : []} value={s.metrics} onChange={(v) => set("metrics", v)} /> : null}
            <div className="grid gap-4 sm:grid-cols-2">
              <SelectField label="Statistic" value={s.stat} onChange={(e) => set("stat", e.target.value as FormState["stat"])} options={METRIC_STATS.map((v) => ({ value: v, label: STAT_LABELS[v] }))} />
              <SelectField label="Resolution" value={s.resolution} onChange={(e) => set("resolution", e.target.value as FormState["resolution"])} options={RESOLUTION_IDS.map((v) => ({ value: v, label: RESOLUTION_LABELS[v] }))} />
            </div>
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={s.includeCosts} onChange={(e) => set("includeCosts", e.target.checked)} />
              Add the cost section to the PDF
            </label>
          </div>
        ) : null}

        {s.kind === "costs" ? <Field label="Break down by tag key (optional)" value={s.costTagKey} onChange={(e) => set("costTagKey", e.target.value)} error={f.tagKey} placeholder="team" /> : null}

        {s.kind === "chargeback" ? (
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Month" type="month" value={s.month} onChange={(e) => set("month", e.target.value)} error={f.month} />
            <SelectField
              label="Statement for"
              value={s.ownerBy}
              onChange={(e) => set("ownerBy", e.target.value as FormState["ownerBy"])}
              options={[
                { value: "owner", label: "A person, team or cost center" },
                { value: "tag", label: "A tag value" },
              ]}
            />
            {s.ownerBy === "owner" ? (
              <SelectField
                label="Owner"
                value={s.owner}
                onChange={(e) => set("owner", e.target.value)}
                options={owners.length ? owners.map((o) => ({ value: `${o.kind}:${o.id}`, label: o.name })) : [{ value: "", label: "No teams or people yet" }]}
                error={f["owner.ownerId"] ?? f.owner}
              />
            ) : (
              <>
                <Field label="Tag key" value={s.tagKey} onChange={(e) => set("tagKey", e.target.value)} error={f["owner.key"]} placeholder="team" />
                <Field label="Tag value" value={s.tagValue} onChange={(e) => set("tagValue", e.target.value)} error={f["owner.value"]} placeholder="payments" />
              </>
            )}
          </div>
        ) : null}

        {s.kind !== "chargeback" ? (
          <div className="grid gap-4 sm:grid-cols-3">
            <SelectField label="Time range" value={s.preset} onChange={(e) => set("preset", e.target.value as FormState["preset"])} options={RANGE_PRESET_IDS.map((v) => ({ value: v, label: RANGE_LABELS[v] }))} />
            {s.preset === "custom" ? (
              <>
                <Field label="From" type="datetime-local" value={s.from} onChange={(e) => set("from", e.target.value)} error={f["range.from"]} />
                <Field label="To" type="datetime-local" value={s.to} onChange={(e) => set("to", e.target.value)} error={f["range.to"]} />
              </>
            ) : null}
          </div>
        ) : null}

        <div className="grid gap-4 sm:grid-cols-2">
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Format</legend>
            <div className="mt-2 flex gap-4">
              {(["pdf", "csv"] as const).map((v) => (
                <label key={v} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="format" value={v} checked={s.format === v} onChange={() => set("format", v)} />
                  {v.toUpperCase()}
                </label>
              ))}
            </div>
          </fieldset>
          {s.format === "pdf" ? <SelectField label="Page size" value={s.pageSize} onChange={(e) => set("pageSize", e.target.value as FormState["pageSize"])} options={PAGE_SIZE_IDS.map((v) => ({ value: v, label: v === "A4" ? "A4" : "US Letter" }))} /> : null}
        </div>

        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" disabled={busy}>
            {busy ? "Generating…" : "Generate report"}
          </Button>
          <span className="text-xs text-slate-500">Small reports download at once; large ones run in the background and appear below.</span>
        </div>
      </form>
      {scheduleSlot ? <div className="mt-6 border-t border-slate-200 pt-6">{scheduleSlot(toRequest(s))}</div> : null}
    </Card>
  );
}
