"use client";

import { useState } from "react";
import { Area, Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatMoney, formatPercentChange } from "@/components/charts/format";
import { SERIES_COLORS } from "@/components/charts/time-series-chart";
import type { PanelDataMap } from "@/lib/dashboards/panels/types";
import { BudgetComparison } from "./budget-comparison";

const money = (currency: string) => (v: unknown) => formatMoney(typeof v === "number" ? v : Array.isArray(v) ? Number(v[1]) : Number(v), currency, 0);
const dayLabel = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });

type DailyRow = { day: string; actual?: number; estimated?: number; forecast?: number; band?: [number, number] };

/** Daily spend (final and still-estimated days apart) with lib/insights' month-end forecast line and its band. */
export function CostDailyPanel({ data }: { data: PanelDataMap["cost-daily"] }) {
  const rows = new Map<string, DailyRow>();
  for (const d of data.daily) rows.set(d.day, { day: d.day, ...(d.estimated ? { estimated: d.amount } : { actual: d.amount }) });
  if (data.forecast.available) {
    for (const f of data.forecast.days) rows.set(f.day, { ...(rows.get(f.day) ?? { day: f.day }), forecast: f.amount, band: [f.low, f.high] });
  }
  const list = [...rows.values()].sort((a, b) => a.day.localeCompare(b.day));
  if (data.daily.length === 0 && !data.forecast.available) return <p className="text-sm text-slate-500">No cost data for this range yet. Costs are collected from Cost Explorer every few hours.</p>;
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        {formatMoney(data.total, data.currency)} in this range.{" "}
        {data.forecast.available ? (
          <>
            <span data-testid="cost-forecast">
              Month-end forecast <strong>{formatMoney(data.forecast.monthEnd.amount, data.currency, 0)}</strong> (80 % band {formatMoney(data.forecast.monthEnd.low, data.currency, 0)}–
              {formatMoney(data.forecast.monthEnd.high, data.currency, 0)}), {formatMoney(data.forecast.monthToDate, data.currency, 0)} spent so far in {data.forecast.month}.
            </span>{" "}
            <span className="text-xs text-slate-500">
              {data.forecast.method}.{data.forecast.excludedDays.length ? ` Left out of the fit as anomalies: ${data.forecast.excludedDays.join(", ")}.` : ""}
            </span>
          </>
        ) : (
          data.forecast.reason
        )}
      </p>
      <div style={{ height: 260 }} data-testid="chart" data-drawn={list.length > 0 ? "true" : "false"} data-forecast-days={data.forecast.available ? data.forecast.days.length : 0}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={list} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="day" tickFormatter={dayLabel} tick={{ fontSize: 11 }} minTickGap={24} />
            <YAxis tickFormatter={money(data.currency)} tick={{ fontSize: 11 }} width={72} label={{ value: data.currency, angle: -90, position: "insideLeft", fontSize: 11, fill: "#64748b" }} />
            <Tooltip labelFormatter={(d) => dayLabel(String(d))} formatter={(v, name) => [Array.isArray(v) ? `${money(data.currency)(v[0])} – ${money(data.currency)(v[1])}` : money(data.currency)(v), String(name)]} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="actual" name="Spend" stackId="spend" fill={SERIES_COLORS[0]} isAnimationActive={false} />
            <Bar dataKey="estimated" name="Spend (estimated)" stackId="spend" fill="#93b8f0" isAnimationActive={false} />
            <Area dataKey="band" name="Forecast band (80 %)" stroke="none" fill={SERIES_COLORS[1]} fillOpacity={0.15} isAnimationActive={false} />
            <Line dataKey="forecast" name="Forecast" stroke={SERIES_COLORS[1]} strokeDasharray="4 3" dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

function GroupBars({ groups, currency, label }: { groups: { key: string; amount: number; share: number }[]; currency: string; label: string }) {
  const top = groups.slice(0, 8);
  return (
    <div className="space-y-2">
      <div style={{ height: Math.max(120, top.length * 28) }} data-testid="chart" data-drawn={top.length > 0 ? "true" : "false"}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={top} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 4 }}>
            <XAxis type="number" tickFormatter={money(currency)} tick={{ fontSize: 11 }} />
            <YAxis type="category" dataKey="key" width={170} tick={{ fontSize: 11 }} />
            <Tooltip formatter={(v) => [money(currency)(v), "Spend"]} />
            <Bar dataKey="amount" name="Spend" fill={SERIES_COLORS[0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="w-full text-left text-xs" aria-label={label}>
        <tbody className="divide-y divide-slate-100">
          {groups.map((g) => (
            <tr key={g.key}>
              <td className="py-1 pr-3">{g.key}</td>
              <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(g.amount, currency)}</td>
              <td className="py-1 text-right tabular-nums text-slate-500">{(g.share * 100).toFixed(1)} %</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CostByServicePanel({ data }: { data: PanelDataMap["cost-by-service"] }) {
  if (data.groups.length === 0) return <p className="text-sm text-slate-500">No cost data for this range.</p>;
  return <GroupBars groups={data.groups} currency={data.currency} label="Spend by service" />;
}

export function CostByTagPanel({ data }: { data: PanelDataMap["cost-by-tag"] }) {
  const [key, setKey] = useState(data.byKey[0]?.tagKey ?? "");
  if (data.byKey.length === 0) {
    return <p className="text-sm text-slate-500">No cost-allocation tags are collected. Choose tag keys in the AWS connection&apos;s settings; their costs appear after the next cost sync.</p>;
  }
  const current = data.byKey.find((k) => k.tagKey === key) ?? data.byKey[0];
  return (
    <div className="space-y-2">
      <label className="text-xs font-medium text-slate-600">
        Tag key
        <select className="ml-2 rounded-md border border-slate-300 px-2 py-1 text-sm" value={current.tagKey} onChange={(e) => setKey(e.target.value)}>
          {data.byKey.map((k) => (
            <option key={k.tagKey}>{k.tagKey}</option>
          ))}
        </select>
      </label>
      {current.groups.length ? <GroupBars groups={current.groups} currency={data.currency} label={`Spend by tag ${current.tagKey}`} /> : <p className="text-sm text-slate-500">No spend tagged in this range.</p>}
    </div>
  );
}

export function CostMomPanel({ data }: { data: PanelDataMap["cost-mom"] }) {
  return (
    <div className="space-y-2 text-sm">
      <p>
        <strong className="tabular-nums">{formatMoney(data.monthToDate, data.currency)}</strong> this month so far, <span className={data.change !== null && data.change > 0 ? "text-red-700" : "text-emerald-700"}>{formatPercentChange(data.change)}</span> vs{" "}
        {formatMoney(data.lastMonthSamePeriod, data.currency)} over the same days last month (last month in total {formatMoney(data.lastMonthTotal, data.currency)}).
      </p>
      <BudgetComparison budget={data.budget} />
      <div style={{ height: 180 }} data-testid="chart" data-drawn="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data.months} margin={{ top: 8, right: 12, bottom: 0, left: 4 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="month" tick={{ fontSize: 11 }} />
            <YAxis tickFormatter={money(data.currency)} tick={{ fontSize: 11 }} width={72} />
            <Tooltip formatter={(v) => [money(data.currency)(v), "Spend"]} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            <Bar dataKey="amount" name="Monthly spend (current month to date)" fill={SERIES_COLORS[0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}

export function CostDriversPanel({ data }: { data: PanelDataMap["cost-drivers"] }) {
  if (data.drivers.length === 0) return <p className="text-sm text-slate-500">No cost data for this range.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Top cost drivers">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1 pr-3">Service</th>
          <th className="py-1 pr-3 text-right">This period</th>
          <th className="py-1 pr-3 text-right">Previous</th>
          <th className="py-1 text-right">Change</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.drivers.map((d) => (
          <tr key={d.service}>
            <td className="py-1 pr-3">{d.service}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(d.amount, data.currency)}</td>
            <td className="py-1 pr-3 text-right tabular-nums">{formatMoney(d.previous, data.currency)}</td>
            <td className={`py-1 text-right tabular-nums ${d.change > 0 ? "text-red-700" : "text-emerald-700"}`}>
              {d.change >= 0 ? "+" : ""}
              {formatMoney(d.change, data.currency)} ({formatPercentChange(d.changePct)})
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
