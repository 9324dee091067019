"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Notice, Spinner } from "@/components/ui";
import { formatValue } from "@/lib/alerts/metric-catalog";
import type { RulePreview } from "@/lib/alerts/preview-rule";

const COLORS = ["#4f46e5", "#0891b2", "#16a34a", "#ca8a04", "#db2777", "#7c3aed", "#ea580c", "#475569"];

const time = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** The last 24 h of the rule's metric with the threshold drawn and the times it would have fired shaded. */
export function RulePreviewChart({ preview, loading, error }: { preview: RulePreview | null; loading: boolean; error: string | null }) {
  if (error) return <Notice tone="warning">{error}</Notice>;
  if (!preview) return loading ? <Spinner label="Loading the preview" /> : <p className="text-sm text-slate-500">The preview appears when the rule is complete.</p>;
  const unit = preview.metric.unit as "Percent" | "Count" | "Bytes";
  const rows = new Map<number, Record<string, number>>();
  preview.series.forEach((s, i) => {
    for (const p of s.points) {
      const row = rows.get(p.t) ?? { t: p.t };
      row[`s${i}`] = p.v;
      rows.set(p.t, row);
    }
  });
  const data = [...rows.values()].sort((a, b) => (a.t ?? 0) - (b.t ?? 0));
  const now = Date.now();
  const fired = preview.firing;
  const resources = new Set(fired.map((f) => f.resourceId));
  return (
    <div className="space-y-3" aria-label="Rule preview">
      <p className="text-sm text-slate-700" data-testid="preview-summary">
        {preview.resourcesInScope === 0
          ? "No resources are in this scope yet."
          : fired.length === 0
            ? `Would not have fired in the last 24 hours (${preview.resourcesInScope} resource${preview.resourcesInScope === 1 ? "" : "s"} in scope).`
            : `Would have fired ${fired.length} time${fired.length === 1 ? "" : "s"} in the last 24 hours, on ${resources.size} of ${preview.resourcesInScope} resource${preview.resourcesInScope === 1 ? "" : "s"}.`}
      </p>
      {data.length ? (
        <div className="h-64 w-full">
          <ResponsiveContainer>
            <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
              <XAxis dataKey="t" type="number" domain={["dataMin", "dataMax"]} tickFormatter={time} fontSize={11} />
              <YAxis fontSize={11} tickFormatter={(v: number) => formatValue(v, unit)} width={70} />
              <Tooltip labelFormatter={(v) => `${new Date(Number(v)).toISOString().slice(0, 16).replace("T", " ")} UTC`} formatter={(v) => formatValue(Number(v), unit)} />
              <Legend />
              {fired.map((f, i) => (
                <ReferenceArea key={i} x1={f.from} x2={f.to ?? now} fill="#fecaca" fillOpacity={0.4} ifOverflow="extendDomain" />
              ))}
              <ReferenceLine y={preview.threshold} stroke="#dc2626" strokeDasharray="6 3" label={{ value: `threshold ${formatValue(preview.threshold, unit)}`, fontSize: 11, fill: "#dc2626", position: "insideTopRight" }} />
              {preview.series.map((s, i) => (
                <Line key={s.resourceId} dataKey={`s${i}`} name={s.name && s.name !== s.resourceId ? `${s.name} (${s.resourceId})` : s.resourceId} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} connectNulls />
              ))}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="text-sm text-slate-500">No data for {preview.metric.label} in the last 24 hours.</p>
      )}
    </div>
  );
}
