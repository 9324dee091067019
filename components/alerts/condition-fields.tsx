"use client";

import { Field, SelectField } from "@/components/ui";
import { formatSeconds, metricsForKind, WINDOWS_SECONDS, type AlertKind } from "@/lib/alerts/metric-catalog";
import type { ConditionDraft } from "./form-model";

const STATS = [
  ["avg", "average"],
  ["max", "maximum"],
  ["min", "minimum"],
  ["sum", "sum"],
  ["count", "count"],
  ["p95", "p95"],
] as const;
const COMPARATORS = [
  ["gt", ">"],
  ["gte", "≥"],
  ["lt", "<"],
  ["lte", "≤"],
] as const;

/** One condition: metric, statistic over a window, comparison, threshold. */
export function ConditionFields({
  index,
  kind,
  value,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  kind: AlertKind;
  value: ConditionDraft;
  errors: Record<string, string>;
  onChange: (next: ConditionDraft) => void;
  onRemove?: () => void;
}) {
  const suffix = index === 0 ? "" : ` (condition ${index + 1})`;
  const err = (field: string) => errors[`conditions.${index}.${field}`];
  const metrics = metricsForKind(kind);
  const chosen = metrics.find((m) => m.id === value.metric);
  return (
    <fieldset className="rounded-md border border-slate-200 p-4">
      <legend className="px-1 text-sm font-medium text-slate-700">Condition {index + 1}</legend>
      <div className="grid gap-3 sm:grid-cols-5">
        <div className="sm:col-span-2">
          <SelectField
            label={`Metric${suffix}`}
            value={value.metric}
            error={err("metric")}
            hint={chosen?.agent ? `Only where ${chosen.agent} publishes it.` : undefined}
            onChange={(e) => onChange({ ...value, metric: e.target.value })}
          >
            {chosen ? null : <option value={value.metric}>{value.metric || "Pick a metric"}</option>}
            {metrics.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label} ({m.namespace})
              </option>
            ))}
          </SelectField>
        </div>
        <SelectField label={`Statistic${suffix}`} value={value.stat} error={err("stat")} onChange={(e) => onChange({ ...value, stat: e.target.value })}>
          {STATS.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </SelectField>
        <SelectField label={`Window${suffix}`} value={value.windowSeconds} error={err("windowSeconds")} onChange={(e) => onChange({ ...value, windowSeconds: e.target.value })}>
          {WINDOWS_SECONDS.map((w) => (
            <option key={w} value={String(w)}>
              {formatSeconds(w)}
            </option>
          ))}
        </SelectField>
        <div className="grid grid-cols-2 gap-2">
          <SelectField label={`Comparison${suffix}`} value={value.comparator} error={err("comparator")} onChange={(e) => onChange({ ...value, comparator: e.target.value })}>
            {COMPARATORS.map(([v, label]) => (
              <option key={v} value={v}>
                {label}
              </option>
            ))}
          </SelectField>
          <Field label={`Threshold${suffix}`} value={value.threshold} error={err("threshold")} inputMode="decimal" onChange={(e) => onChange({ ...value, threshold: e.target.value })} />
        </div>
      </div>
      {onRemove ? (
        <button type="button" onClick={onRemove} className="mt-2 text-xs font-medium text-red-600 hover:underline">
          Remove condition {index + 1}
        </button>
      ) : null}
    </fieldset>
  );
}
