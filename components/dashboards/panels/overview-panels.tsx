import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { formatInstant, formatMoney, formatPercentChange, formatValue } from "@/components/charts/format";
import type { PanelDataMap } from "@/lib/dashboards/panels/types";
import { BudgetLine } from "./budget-comparison";

const STATE_COLORS: Record<string, string> = { running: "bg-emerald-500", stopped: "bg-slate-400", pending: "bg-amber-400", stopping: "bg-amber-500", terminated: "bg-red-400", "shutting-down": "bg-red-300" };

export function InstanceStatesPanel({ data }: { data: PanelDataMap["instance-states"] }) {
  if (data.total === 0) return <p className="text-sm text-slate-500">No EC2 instances in the inventory at this moment.</p>;
  const states = data.states.map((s) => s.state);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-4" aria-label="Instances by state">
        {data.states.map((s) => (
          <Link key={s.state} href={`/dashboards/ec2?state=${encodeURIComponent(s.state)}`} className="flex items-center gap-2 text-sm hover:underline">
            <span className={`h-2.5 w-2.5 rounded-full ${STATE_COLORS[s.state] ?? "bg-slate-300"}`} aria-hidden />
            <span className="font-semibold tabular-nums">{s.count}</span> {s.state}
          </Link>
        ))}
      </div>
      <table className="w-full text-left text-sm" aria-label="Instances by region">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-1 pr-3">Region</th>
            {states.map((s) => (
              <th key={s} className="py-1 pr-3 text-right">
                {s}
              </th>
            ))}
            <th className="py-1 text-right">Total</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {data.regions.map((r) => (
            <tr key={r.region}>
              <td className="py-1 pr-3">{r.region}</td>
              {states.map((s) => (
                <td key={s} className="py-1 pr-3 text-right tabular-nums">
                  {r.byState[s] ?? 0}
                </td>
              ))}
              <td className="py-1 text-right font-medium tabular-nums">{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function EksHealthPanel({ data }: { data: PanelDataMap["eks-health"] }) {
  if (data.clusters.length === 0) return <p className="text-sm text-slate-500">No EKS clusters in the inventory at this moment.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" aria-label="EKS clusters">
      {data.clusters.map((c) => {
        const healthy = c.status === "ACTIVE" && (c.failedNodes ?? 0) === 0 && c.crashLooping === 0;
        return (
          <li key={`${c.region}/${c.name}`} className="flex items-center justify-between gap-3 py-1.5">
            <Link href={`/dashboards/eks/${encodeURIComponent(c.name)}`} className="font-medium text-brand-700 hover:underline">
              {c.name}
            </Link>
            <span className="text-xs text-slate-500">
              {c.region} · {c.version ?? "?"} · {c.nodes === null ? "nodes: no data" : `${formatValue(c.nodes, "Count")} nodes`}
              {c.failedNodes ? ` · ${c.failedNodes} failed` : ""}
              {c.crashLooping ? ` · ${c.crashLooping} pod${c.crashLooping === 1 ? "" : "s"} crash-looping` : ""}
            </span>
            <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${healthy ? "bg-emerald-50 text-emerald-700" : "bg-amber-50 text-amber-800"}`}>{healthy ? "healthy" : (c.status ?? "unknown").toLowerCase() === "active" ? "attention" : (c.status ?? "unknown")}</span>
          </li>
        );
      })}
    </ul>
  );
}

export function TopCpuPanel({ data }: { data: PanelDataMap["top-cpu"] }) {
  if (data.instances.length === 0) return <p className="text-sm text-slate-500">No CPU data in this time range yet.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Top instances by CPU">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1 pr-3">Instance</th>
          <th className="py-1 pr-3 text-right">Avg</th>
          <th className="py-1 pr-3 text-right">Peak</th>
          <th className="py-1">Trend</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.instances.map((i) => (
          <tr key={i.id}>
            <td className="py-1.5 pr-3">
              <Link href={`/dashboards/ec2/${i.id}`} className="font-medium text-brand-700 hover:underline">
                {i.name ?? i.id}
              </Link>
              <span className="block text-xs text-slate-500">{i.id}</span>
            </td>
            <td className="py-1.5 pr-3 text-right tabular-nums">{formatValue(i.avg, "Percent")}</td>
            <td className="py-1.5 pr-3 text-right tabular-nums">{formatValue(i.peak, "Percent")}</td>
            <td className="py-1.5">
              <Sparkline values={i.spark} label={`CPU trend of ${i.name ?? i.id}`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AlertsPanel({ data }: { data: PanelDataMap["alerts"] }) {
  if (!data.available) {
    return (
      <div className="space-y-2 text-sm">
        <p className="text-slate-600">No alert rules are evaluated yet.</p>
        <Link href="/alerts" className="font-medium text-brand-700 hover:underline">
          Alerts: set up in Alerts
        </Link>
      </div>
    );
  }
  return (
    <Link href="/alerts" className="block">
      <p className={`text-3xl font-semibold tabular-nums ${data.firing > 0 ? "text-red-700" : "text-emerald-700"}`}>{data.firing}</p>
      <p className="text-xs text-slate-500">
        {data.firing === 1 ? "alert firing" : "alerts firing"}
        {data.now ? " now (not as of the past view)" : ""}
      </p>
    </Link>
  );
}

export function CostMtdPanel({ data }: { data: PanelDataMap["cost-mtd"] }) {
  return (
    <div className="space-y-2 text-sm">
      <p className="text-2xl font-semibold tabular-nums">{formatMoney(data.monthToDate, data.currency)}</p>
      <p className="text-xs text-slate-500">month to date</p>
      <p>
        <span className={data.change !== null && data.change > 0 ? "text-red-700" : "text-emerald-700"}>{formatPercentChange(data.change)}</span>{" "}
        <span className="text-slate-500">vs {formatMoney(data.lastMonthSamePeriod, data.currency, 0)} same days last month</span>
      </p>
      <p className="text-slate-500">Last month: {formatMoney(data.lastMonthTotal, data.currency, 0)}</p>
      {data.forecast ? (
        <p className="text-slate-500">
          Forecast: {formatMoney(data.forecast.amount, data.currency, 0)} ({formatMoney(data.forecast.low, data.currency, 0)}–{formatMoney(data.forecast.high, data.currency, 0)})
        </p>
      ) : null}
      <BudgetLine budget={data.budget} currency={data.currency} />
      <Link href="/costs" className="text-xs font-medium text-brand-700 hover:underline">
        Open costs
      </Link>
    </div>
  );
}

export function LastSyncPanel({ data }: { data: PanelDataMap["last-sync"] }) {
  if (data.connections.length === 0) return <p className="text-sm text-slate-500">No AWS connection at this moment.</p>;
  const kinds = ["inventory", "metrics", "costs"];
  return (
    <table className="w-full text-left text-sm" aria-label="Last sync per connection">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1 pr-3">Connection</th>
          <th className="py-1 pr-3">Status</th>
          {kinds.map((k) => (
            <th key={k} className="py-1 pr-3">
              {k}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.connections.map((c) => (
          <tr key={c.id}>
            <td className="py-1 pr-3">
              <Link href={`/settings/aws/${c.id}`} className="font-medium text-brand-700 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="py-1 pr-3">{c.status}</td>
            {kinds.map((k) => {
              const run = c.runs.find((r) => r.kind === k);
              return (
                <td key={k} className="py-1 pr-3 text-xs">
                  {run?.finishedAt ? `${formatInstant(run.finishedAt)}${run.status !== "succeeded" ? ` (${run.status})` : ""}` : "never"}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
