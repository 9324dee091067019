"use client";

import { useEffect, useState } from "react";
import type { MetricRef } from "@/lib/dashboards/schemas";

type Available = { namespace: string; metric: string; unit: string; series: number };

/** Checkboxes of the metrics Monitr holds for the chosen resources (none ticked: all of them). */
export function MetricPicker({ resourceKind, resourceIds, value, onChange }: { resourceKind: string; resourceIds: string[]; value: MetricRef[]; onChange: (v: MetricRef[]) => void }) {
  const [available, setAvailable] = useState<Available[] | null>(null);
  const [failed, setFailed] = useState(false);
  const key = `${resourceKind}|${resourceIds.join(",")}`;
  useEffect(() => {
    let live = true;
    setAvailable(null);
    setFailed(false);
    const [kind, ids] = key.split("|");
    const params = new URLSearchParams({ resourceKind: kind, ...(ids ? { resourceIds: ids.split(",").slice(0, 50).join(",") } : {}) });
    fetch(`/api/metrics/series?${params}`)
      .then((r) => (r.ok ? (r.json() as Promise<{ metrics: Available[] }>) : Promise.reject(new Error(String(r.status)))))
      .then((body) => live && setAvailable(body.metrics))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [key]);
  const checked = (m: Available) => value.some((v) => v.namespace === m.namespace && v.metric === m.metric);
  const toggle = (m: Available) => onChange(checked(m) ? value.filter((v) => !(v.namespace === m.namespace && v.metric === m.metric)) : [...value, { namespace: m.namespace, metric: m.metric }]);
  return (
    <fieldset className="space-y-1">
      <legend className="text-sm font-medium text-slate-700">Metrics</legend>
      <p className="text-xs text-slate-500">None ticked: every metric of the selection.</p>
      {failed ? <p className="text-xs text-red-600">The metric list could not be loaded; the report will include every metric.</p> : null}
      {available === null && !failed ? <p className="text-xs text-slate-500">Loading metrics…</p> : null}
      {available?.length === 0 ? <p className="text-xs text-slate-500">Monitr holds no metrics for this selection yet.</p> : null}
      <div className="grid max-h-40 grid-cols-1 gap-1 overflow-y-auto sm:grid-cols-2">
        {available?.map((m) => (
          <label key={`${m.namespace}|${m.metric}`} className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={checked(m)} onChange={() => toggle(m)} />
            <span>
              {m.metric} <span className="text-xs text-slate-500">({m.namespace})</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
