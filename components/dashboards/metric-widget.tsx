"use client";

import { useEffect, useState } from "react";
import { ChartEmpty, ChartError, ChartLoading } from "@/components/charts/chart-states";
import { formatValue } from "@/components/charts/format";
import { TimeSeriesChart, type ChartSeries } from "@/components/charts/time-series-chart";
import type { MetricView } from "@/lib/dashboards/load-view";
import { INITIAL_SUMMARY_POINTS } from "@/lib/dashboards/summary-points";
import type { MetricWidget as MetricWidgetDef } from "@/lib/dashboards/schemas";
import { fetchChartData, type ChartData } from "./chart-data";

type State = { status: "loading" } | { status: "error"; message: string } | { status: "ready"; data: ChartData };

const HEIGHTS: Record<number, number> = { 1: 120, 2: 240, 3: 380 };

/** One number per series for the whole range, consistent with the widget's statistic. */
function summarize(points: [number, number][], stat: MetricWidgetDef["stat"]): number | null {
  const values = points.map((p) => p[1]);
  if (values.length === 0) return null;
  if (stat === "max" || stat === "p95") return Math.max(...values);
  if (stat === "min") return Math.min(...values);
  if (stat === "sum" || stat === "count") return values.reduce((a, b) => a + b, 0);
  return values.reduce((a, b) => a + b, 0) / values.length;
}

function AgentHelp({ help }: { help: NonNullable<MetricView["help"]> }) {
  return (
    <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="missing-data-help">
      <p className="font-medium">{help.title}</p>
      <p className="text-xs leading-relaxed">{help.body}</p>
      <a className="text-xs font-medium text-brand-700 underline" href={help.link} target="_blank" rel="noreferrer">
        How to set it up (AWS documentation)
      </a>
    </div>
  );
}

/** A metric widget: drawn from the server's points; fetches again (batched with the other charts, chart-data.ts) to retry or refresh. */
export function MetricWidget({ widget, view, from, to, asOf, refreshKey }: { widget: MetricWidgetDef; view: MetricView; from: string; to: string; asOf: string | null; refreshKey: number }) {
  // The server read this range already: draw it at once, fetch only on retry or a later refresh.
  const fresh = view.initial !== null && view.initial.from === from && view.initial.to === to && view.initial.asOf === asOf && view.initial.stat === widget.stat;
  const [state, setState] = useState<State>(fresh && view.initial ? { status: "ready", data: view.initial } : { status: "loading" });
  const [retry, setRetry] = useState(0);
  const ids = view.series.map((s) => s.id).join(",");

  useEffect(() => {
    if (fresh && view.initial && retry === 0 && refreshKey === 0) {
      setState({ status: "ready", data: view.initial });
      return;
    }
    if (!ids) return;
    const controller = new AbortController();
    const params = new URLSearchParams({ seriesIds: ids, from, to, stat: widget.stat });
    if (asOf) params.set("asOf", asOf);
    if (widget.limit) params.set("limit", String(widget.limit));
    if (widget.chart === "number" || widget.chart === "table") params.set("maxPoints", String(INITIAL_SUMMARY_POINTS));
    setState((s) => (s.status === "ready" ? s : { status: "loading" }));
    fetchChartData(Object.fromEntries(params), controller.signal)
      .then((data) => setState({ status: "ready", data }))
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: "error", message: e instanceof Error ? e.message : "The query failed." });
      });
    return () => controller.abort();
  }, [ids, from, to, asOf, widget.stat, widget.limit, widget.chart, refreshKey, retry, fresh, view.initial]);

  const height = HEIGHTS[widget.h] ?? 240;
  if (view.series.length === 0) {
    return view.help ? <AgentHelp help={view.help} /> : <ChartEmpty>Monitr has no {widget.metrics.map((m) => m.metric).join(" / ")} data for this selection.</ChartEmpty>;
  }
  if (state.status === "loading") return <ChartLoading label={`Loading ${widget.title}`} />;
  if (state.status === "error") return <ChartError message={state.message} onRetry={() => setRetry((n) => n + 1)} />;
  const series: ChartSeries[] = state.data.series.map((s) => ({ key: `s${s.id}`, label: s.label, unit: s.unit, points: s.points }));
  const missing = view.help ? <AgentHelp help={view.help} /> : null;
  if (series.every((s) => s.points.length === 0)) return <ChartEmpty>No data points in this time range.</ChartEmpty>;

  if (widget.chart === "number") {
    return (
      <div className="flex h-full flex-wrap items-center gap-6" data-testid="chart" data-drawn="true">
        {series.map((s) => (
          <div key={s.key}>
            <p className="text-3xl font-semibold tabular-nums text-slate-900">{formatValue(summarize(s.points, widget.stat), s.unit)}</p>
            <p className="text-xs text-slate-500">
              {s.label} · {widget.stat} over the range
            </p>
          </div>
        ))}
      </div>
    );
  }
  if (widget.chart === "table") {
    return (
      <div className="max-h-full overflow-auto" data-testid="chart" data-drawn="true">
        <table className="w-full text-left text-sm" aria-label={widget.title}>
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3">Series</th>
              <th className="py-1 pr-3 text-right">Latest</th>
              <th className="py-1 pr-3 text-right">Min</th>
              <th className="py-1 pr-3 text-right">Avg</th>
              <th className="py-1 text-right">Max</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {series.map((s) => (
              <tr key={s.key}>
                <td className="py-1 pr-3">{s.label}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatValue(s.points.at(-1)?.[1], s.unit)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatValue(summarize(s.points, "min"), s.unit)}</td>
                <td className="py-1 pr-3 text-right tabular-nums">{formatValue(summarize(s.points, "avg"), s.unit)}</td>
                <td className="py-1 text-right tabular-nums">{formatValue(summarize(s.points, "max"), s.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <TimeSeriesChart series={series} type={widget.chart} from={Date.parse(from)} to={Date.parse(to)} height={height} />
      {missing}
    </div>
  );
}
