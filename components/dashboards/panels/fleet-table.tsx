"use client";

import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useMemo, useState } from "react";
import { Sparkline } from "@/components/charts/sparkline";
import { formatBytes, formatValue } from "@/components/charts/format";
import type { FleetRow, PanelDataMap } from "@/lib/dashboards/panels/types";

type SortKey = "name" | "id" | "type" | "region" | "state" | "cpuAvg" | "cpuMax" | "network" | "statusCheck";
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Name" },
  { key: "id", label: "Instance" },
  { key: "type", label: "Type" },
  { key: "region", label: "Region" },
  { key: "state", label: "State" },
  { key: "cpuAvg", label: "CPU avg", numeric: true },
  { key: "cpuMax", label: "CPU max", numeric: true },
  { key: "network", label: "Network in / out", numeric: true },
  { key: "statusCheck", label: "Status checks" },
];

const sortValue = (r: FleetRow, key: SortKey): string | number => {
  if (key === "network") return (r.networkIn ?? -1) + (r.networkOut ?? 0);
  if (key === "cpuAvg" || key === "cpuMax") return r[key] ?? -1;
  return (r[key] ?? "").toString().toLowerCase();
};

/** The EC2 fleet: sortable by any column, filtered by state, region and tag (kept in the URL). */
export function FleetTablePanel({ data }: { data: PanelDataMap["fleet-table"] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: "name", desc: false });
  const state = params.get("state") ?? "";
  const region = params.get("region") ?? "";
  const tag = params.get("tag") ?? "";

  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(`${pathname}?${next}`, { scroll: false });
  };

  const states = useMemo(() => [...new Set(data.rows.map((r) => r.state ?? "unknown"))].sort(), [data.rows]);
  const regions = useMemo(() => [...new Set(data.rows.map((r) => r.region))].sort(), [data.rows]);
  const rows = useMemo(() => {
    const [tagKey, ...rest] = tag.split(":");
    const tagValue = rest.join(":").trim();
    const filtered = data.rows.filter(
      (r) =>
        (!state || (r.state ?? "unknown") === state) &&
        (!region || r.region === region) &&
        (!tagKey.trim() || (tagValue ? r.tags[tagKey.trim()] === tagValue : tagKey.trim() in r.tags)),
    );
    return filtered.sort((a, b) => {
      const x = sortValue(a, sort.key);
      const y = sortValue(b, sort.key);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return sort.desc ? -c : c;
    });
  }, [data.rows, state, region, tag, sort]);

  const select = "rounded-md border border-slate-300 px-2 py-1.5 text-sm";
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-xs font-medium text-slate-600">
          State
          <select className={`${select} ml-2`} value={state} onChange={(e) => setFilter("state", e.target.value)}>
            <option value="">All</option>
            {states.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Region
          <select className={`${select} ml-2`} value={region} onChange={(e) => setFilter("region", e.target.value)}>
            <option value="">All</option>
            {regions.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="text-xs font-medium text-slate-600">
          Tag (key or key:value)
          <input className={`${select} ml-2 w-48`} defaultValue={tag} placeholder="team:payments" onKeyDown={(e) => e.key === "Enter" && setFilter("tag", e.currentTarget.value.trim())} onBlur={(e) => setFilter("tag", e.currentTarget.value.trim())} />
        </label>
        <span className="text-xs text-slate-500">
          {rows.length} of {data.rows.length} instances
        </span>
      </div>
      {rows.length === 0 ? (
        <p className="py-6 text-center text-sm text-slate-500">{data.rows.length === 0 ? "No EC2 instances in the inventory at this moment." : "No instance matches these filters."}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="EC2 instances">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} className={`py-2 pr-3 ${c.numeric ? "text-right" : ""}`} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
                    <button type="button" className="uppercase hover:text-slate-900" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.numeric === true }))}>
                      {c.label}
                      {sort.key === c.key ? (sort.desc ? " ↓" : " ↑") : ""}
                    </button>
                  </th>
                ))}
                <th className="py-2 pr-3">CPU trend</th>
                <th className="py-2">Tags</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={r.id} className="hover:bg-slate-50">
                  <td className="py-1.5 pr-3">
                    <Link href={`/dashboards/ec2/${r.id}`} className="font-medium text-brand-700 hover:underline">
                      {r.name ?? r.id}
                    </Link>
                  </td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{r.id}</td>
                  <td className="py-1.5 pr-3">{r.type ?? "—"}</td>
                  <td className="py-1.5 pr-3">{r.region}</td>
                  <td className="py-1.5 pr-3">{r.state ?? "unknown"}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{formatValue(r.cpuAvg, "Percent")}</td>
                  <td className="py-1.5 pr-3 text-right tabular-nums">{formatValue(r.cpuMax, "Percent")}</td>
                  <td className="py-1.5 pr-3 text-right text-xs tabular-nums">
                    {r.networkIn === null ? "—" : formatBytes(r.networkIn)} / {r.networkOut === null ? "—" : formatBytes(r.networkOut)}
                  </td>
                  <td className={`py-1.5 pr-3 ${r.statusCheck === "failed" ? "font-medium text-red-700" : r.statusCheck === "ok" ? "text-emerald-700" : "text-slate-400"}`}>{r.statusCheck}</td>
                  <td className="py-1.5 pr-3">
                    <Sparkline values={r.spark} label={`CPU trend of ${r.name ?? r.id}`} />
                  </td>
                  <td className="py-1.5 text-xs text-slate-600">
                    {Object.entries(r.tags)
                      .filter(([k]) => k !== "Name")
                      .map(([k, v]) => `${k}=${v}`)
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
