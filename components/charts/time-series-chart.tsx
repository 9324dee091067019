"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatInstant, formatTick, formatValue, unitLabel } from "./format";

export const SERIES_COLORS = ["#1f64d9", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#0b7285", "#5f3dc4", "#e67700", "#495057", "#d6336c"];

export type ChartSeries = { key: string; label: string; unit: string; points: [number, number][] };
export type TimeChartType = "line" | "area" | "bar";

type Row = { ts: number } & Record<string, number | null>;

/** Rows keyed by timestamp with one column per series (recharts' data shape). */
function toRows(series: ChartSeries[]): Row[] {
  const rows = new Map<number, Row>();
  for (const s of series) {
    for (const [ts, v] of s.points) {
      const row = rows.get(ts) ?? ({ ts } as Row);
      row[s.key] = v;
      rows.set(ts, row);
    }
  }
  return [...rows.values()].sort((a, b) => a.ts - b.ts);
}

/**
 * A time-series chart with units on the axis and in the tooltip, readable time ticks (UTC), a
 * legend, and one colour per series. Series with different units share the first one's axis.
 */
export function TimeSeriesChart({ series, type, from, to, height }: { series: ChartSeries[]; type: TimeChartType; from: number; to: number; height: number }) {
  const rows = toRows(series);
  const unit = series[0]?.unit ?? "";
  const range = to - from;
  const common = {
    data: rows,
    margin: { top: 8, right: 12, bottom: 0, left: 4 },
  };
  const axes = [
    <CartesianGrid key="grid" strokeDasharray="3 3" stroke="#e2e8f0" />,
    <XAxis key="x" dataKey="ts" type="number" scale="time" domain={[from, to]} tickFormatter={(v: number) => formatTick(v, range)} tick={{ fontSize: 11 }} minTickGap={40} />,
    <YAxis
      key="y"
      tick={{ fontSize: 11 }}
      width={64}
      tickFormatter={(v: number) => formatValue(v, unit)}
      label={{ value: unitLabel(unit), angle: -90, position: "insideLeft", fontSize: 11, fill: "#64748b" }}
    />,
    <Tooltip
      key="tip"
      labelFormatter={(v) => formatInstant(Number(v))}
      formatter={(v, name) => {
        const s = series.find((x) => x.key === name);
        return [formatValue(typeof v === "number" ? v : Number(v), s?.unit ?? unit), s?.label ?? String(name)];
      }}
    />,
    <Legend key="legend" formatter={(key: string) => series.find((s) => s.key === key)?.label ?? key} wrapperStyle={{ fontSize: 12 }} />,
  ];
  const color = (i: number) => SERIES_COLORS[i % SERIES_COLORS.length];
  return (
    <div style={{ height }} data-testid="chart" data-drawn={rows.length > 0 ? "true" : "false"}>
      <ResponsiveContainer width="100%" height="100%">
        {type === "bar" ? (
          <BarChart {...common}>
            {axes}
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.key} fill={color(i)} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : type === "area" ? (
          <AreaChart {...common}>
            {axes}
            {series.map((s, i) => (
              <Area key={s.key} dataKey={s.key} name={s.key} stroke={color(i)} fill={color(i)} fillOpacity={0.15} connectNulls={false} isAnimationActive={false} dot={false} />
            ))}
          </AreaChart>
        ) : (
          <LineChart {...common}>
            {axes}
            {series.map((s, i) => (
              <Line key={s.key} dataKey={s.key} name={s.key} stroke={color(i)} strokeWidth={1.5} connectNulls={false} isAnimationActive={false} dot={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
