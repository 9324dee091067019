"use client";

import { useEffect, useId, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { PANEL_LABELS } from "@/lib/dashboards/panel-labels";
import { CHART_TYPES, PANEL_NAMES, type DashboardKind, type PanelName, type Widget } from "@/lib/dashboards/schemas";
import { METRIC_STATS } from "@/lib/metrics/types";

type Source = "self" | "resources" | "tag" | "panel";
type Resource = { id: string; name: string | null; state: string | null };
type Metric = { namespace: string; metric: string; unit: string };

const CHART_LABELS: Record<(typeof CHART_TYPES)[number], string> = { line: "Line", area: "Area", bar: "Bar", number: "Single number", table: "Table" };
const STAT_LABELS: Record<(typeof METRIC_STATS)[number], string> = { avg: "Average", min: "Minimum", max: "Maximum", sum: "Sum", count: "Sample count", p95: "95th percentile" };
const select = "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";
const label = "block text-sm font-medium text-slate-700";

/** A label tied to its control by id, so the control's accessible name is exactly the label. */
function Labeled({ text, className = "", children }: { text: string; className?: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={label}>
        {text}
      </label>
      {children(id)}
    </div>
  );
}

/** Builds one widget: resources (or a tag, or the dashboard's own resource), metric, statistic, chart. */
export function AddWidgetForm({ kind, target, onAdd, onCancel, busy }: { kind: DashboardKind; target: string; onAdd: (w: Widget) => void; onCancel: () => void; busy: boolean }) {
  const hasSelf = kind === "ec2-instance" || kind === "eks-cluster";
  const selfKind = kind === "eks-cluster" ? "eks_cluster" : "ec2_instance";
  const [source, setSource] = useState<Source>(hasSelf ? "self" : "resources");
  const [title, setTitle] = useState("");
  const [instances, setInstances] = useState<Resource[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [tagKey, setTagKey] = useState("");
  const [tagValue, setTagValue] = useState("");
  const [metrics, setMetrics] = useState<Metric[] | null>(null);
  const [metric, setMetric] = useState("");
  const [stat, setStat] = useState<(typeof METRIC_STATS)[number]>("avg");
  const [chart, setChart] = useState<(typeof CHART_TYPES)[number]>("line");
  const [width, setWidth] = useState(2);
  const [panel, setPanel] = useState<PanelName>("top-cpu");
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch("/api/resources?kind=ec2_instance")
      .then((r) => (r.ok ? r.json() : { resources: [] }))
      .then((b: { resources: Resource[] }) => setInstances(b.resources))
      .catch(() => setInstances([]));
  }, []);

  useEffect(() => {
    if (source === "panel") return;
    const params = new URLSearchParams({ resourceKind: source === "self" ? selfKind : "ec2_instance" });
    if (source === "self") params.set("resourceIds", target);
    if (source === "resources" && picked.length) params.set("resourceIds", picked.join(","));
    setMetrics(null);
    fetch(`/api/metrics/series?${params}`)
      .then((r) => (r.ok ? r.json() : { metrics: [] }))
      .then((b: { metrics: Metric[] }) => {
        setMetrics(b.metrics);
        setMetric((m) => (b.metrics.some((x) => `${x.namespace}|${x.metric}` === m) ? m : b.metrics[0] ? `${b.metrics[0].namespace}|${b.metrics[0].metric}` : ""));
      })
      .catch(() => setMetrics([]));
  }, [source, picked, selfKind, target]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const id = `w-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
    if (source === "panel") {
      onAdd({ id, type: "panel", panel, title: title.trim() || PANEL_LABELS[panel], w: width, h: 2 });
      return;
    }
    const [namespace, name] = metric.split("|");
    if (!namespace || !name) return setError("Pick a metric.");
    if (source === "resources" && picked.length === 0) return setError("Pick at least one instance.");
    if (source === "tag" && !tagKey.trim()) return setError("Enter a tag key.");
    const selection =
      source === "self"
        ? { by: "self" as const }
        : source === "resources"
          ? { by: "resources" as const, resourceKind: "ec2_instance" as const, resourceIds: picked }
          : { by: "tag" as const, resourceKind: "ec2_instance" as const, key: tagKey.trim(), value: tagValue.trim() };
    onAdd({ id, type: "metric", title: title.trim() || `${name} (${STAT_LABELS[stat].toLowerCase()})`, selection, metrics: [{ namespace, metric: name }], stat, chart, w: width, h: chart === "number" ? 1 : 2 });
  };

  return (
    <form onSubmit={submit} aria-label="Add a widget" className="grid gap-4 rounded-lg border border-brand-100 bg-brand-50/40 p-4 md:grid-cols-3">
      <Labeled text="Widget title">
        {(id) => (
          <input id={id} className={select} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={80} placeholder="Optional" />
        )}
      </Labeled>
      <Labeled text="Show">
        {(id) => (
          <select id={id} className={select} value={source} onChange={(e) => setSource(e.target.value as Source)}>
            {hasSelf ? <option value="self">A metric of this {kind === "eks-cluster" ? "cluster" : "instance"}</option> : null}
            <option value="resources">A metric of chosen instances</option>
            <option value="tag">A metric of instances with a tag</option>
            <option value="panel">A built-in panel</option>
          </select>
        )}
      </Labeled>
      {source === "resources" ? (
        <Labeled text="Instances">
          {(id) => (
            <select id={id} multiple className={`${select} h-28`} value={picked} onChange={(e) => setPicked([...e.target.selectedOptions].map((o) => o.value))}>
              {instances.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.name ? `${i.name} (${i.id})` : i.id}
                </option>
              ))}
            </select>
          )}
        </Labeled>
      ) : null}
      {source === "tag" ? (
        <>
          <Labeled text="Tag key">
            {(id) => (
              <input id={id} className={select} value={tagKey} onChange={(e) => setTagKey(e.target.value)} placeholder="team" />
            )}
          </Labeled>
          <Labeled text="Tag value">
            {(id) => (
              <input id={id} className={select} value={tagValue} onChange={(e) => setTagValue(e.target.value)} placeholder="payments" />
            )}
          </Labeled>
        </>
      ) : null}
      {source === "panel" ? (
        <Labeled text="Panel">
          {(id) => (
            <select id={id} className={select} value={panel} onChange={(e) => setPanel(e.target.value as PanelName)}>
              {PANEL_NAMES.map((p) => (
                <option key={p} value={p}>
                  {PANEL_LABELS[p]}
                </option>
              ))}
            </select>
          )}
        </Labeled>
      ) : (
        <>
          <Labeled text="Metric">
            {(id) => (
              <select id={id} className={select} value={metric} onChange={(e) => setMetric(e.target.value)} disabled={metrics === null}>
                {metrics === null ? <option value="">Loading metrics…</option> : null}
                {metrics?.length === 0 ? <option value="">No metrics collected for this choice</option> : null}
                {metrics?.map((m) => (
                  <option key={`${m.namespace}|${m.metric}`} value={`${m.namespace}|${m.metric}`}>
                    {m.metric} ({m.namespace}, {m.unit})
                  </option>
                ))}
              </select>
            )}
          </Labeled>
          <Labeled text="Statistic">
            {(id) => (
              <select id={id} className={select} value={stat} onChange={(e) => setStat(e.target.value as (typeof METRIC_STATS)[number])}>
                {METRIC_STATS.map((s) => (
                  <option key={s} value={s}>
                    {STAT_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Labeled>
          <Labeled text="Chart type">
            {(id) => (
              <select id={id} className={select} value={chart} onChange={(e) => setChart(e.target.value as (typeof CHART_TYPES)[number])}>
                {CHART_TYPES.map((c) => (
                  <option key={c} value={c}>
                    {CHART_LABELS[c]}
                  </option>
                ))}
              </select>
            )}
          </Labeled>
        </>
      )}
      <Labeled text="Width">
        {(id) => (
          <select id={id} className={select} value={width} onChange={(e) => setWidth(Number(e.target.value))}>
            <option value={1}>Quarter</option>
            <option value={2}>Half</option>
            <option value={3}>Three quarters</option>
            <option value={4}>Full</option>
          </select>
        )}
      </Labeled>
      <div className="flex items-end gap-2 md:col-span-3">
        <Button type="submit" disabled={busy}>
          Add widget
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        {error ? (
          <p role="alert" className="text-sm font-medium text-red-600">
            {error}
          </p>
        ) : null}
      </div>
    </form>
  );
}
