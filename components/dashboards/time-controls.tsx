"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { RANGE_LABELS, RANGE_PRESETS, REFRESH_INTERVALS, type RangePreset, type RefreshInterval } from "@/lib/dashboards/time-range";

export type RangeState = { preset: RangePreset | "custom"; from: string; to: string; asOf: string | null; refresh: RefreshInterval };

/** datetime-local works in local time; Monitr shows UTC everywhere, so the inputs are UTC. */
const toInput = (iso: string) => iso.slice(0, 16);
const fromInput = (value: string) => (value ? new Date(`${value}:00Z`) : null);

/**
 * Time range (presets and custom), "as known at" and auto-refresh, all kept in the URL so a link
 * reproduces the view. Other query parameters (the fleet's filters) are preserved.
 */
export function TimeControls({ range }: { range: RangeState }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [from, setFrom] = useState(toInput(range.from));
  const [to, setTo] = useState(toInput(range.to));
  const [asOf, setAsOf] = useState(range.asOf ? toInput(range.asOf) : "");
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    setFrom(toInput(range.from));
    setTo(toInput(range.to));
    setAsOf(range.asOf ? toInput(range.asOf) : "");
  }, [range.from, range.to, range.asOf]);

  useEffect(() => {
    const ms = REFRESH_INTERVALS[range.refresh];
    if (!ms) return;
    const timer = setInterval(() => router.refresh(), ms);
    return () => clearInterval(timer);
  }, [range.refresh, router]);

  const go = (change: Record<string, string | null>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(change)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setProblem(null);
    router.push(`${pathname}?${next}`, { scroll: false });
  };

  const applyCustom = () => {
    const f = fromInput(from);
    const t = fromInput(to);
    if (!f || !t || t.getTime() <= f.getTime()) {
      setProblem("The end of the range must be after its start.");
      return;
    }
    go({ range: null, from: f.toISOString(), to: t.toISOString() });
  };

  const applyAsOf = () => {
    const a = fromInput(asOf);
    if (!a || a.getTime() >= Date.now()) {
      setProblem("“As known at” must be a moment in the past.");
      return;
    }
    go({ asOf: a.toISOString(), refresh: null });
  };

  const input = "rounded-md border border-slate-300 px-2 py-1 text-sm";
  return (
    <div className="flex flex-wrap items-end gap-x-4 gap-y-2 rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm">
      <div role="group" aria-label="Time range" className="flex overflow-hidden rounded-md ring-1 ring-slate-300">
        {(Object.keys(RANGE_PRESETS) as RangePreset[]).map((p) => (
          <button
            key={p}
            type="button"
            aria-pressed={range.preset === p}
            onClick={() => go({ range: p, from: null, to: null })}
            className={`px-3 py-1.5 ${range.preset === p ? "bg-brand-600 text-white" : "bg-white text-slate-700 hover:bg-slate-50"}`}
          >
            {RANGE_LABELS[p]}
          </button>
        ))}
      </div>
      <div className="flex items-end gap-2">
        <label className="text-xs font-medium text-slate-600">
          From (UTC)
          <input type="datetime-local" className={`${input} block`} value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="text-xs font-medium text-slate-600">
          To (UTC)
          <input type="datetime-local" className={`${input} block`} value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" onClick={applyCustom} className="rounded-md px-2 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50" aria-pressed={range.preset === "custom"}>
          Apply range
        </button>
      </div>
      <div className="flex items-end gap-2">
        <label className="text-xs font-medium text-slate-600">
          As known at (UTC)
          <input type="datetime-local" className={`${input} block`} value={asOf} onChange={(e) => setAsOf(e.target.value)} />
        </label>
        <button type="button" onClick={applyAsOf} className="rounded-md px-2 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50">
          Show past view
        </button>
        {range.asOf ? (
          <button type="button" onClick={() => go({ asOf: null })} className="rounded-md px-2 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Back to now
          </button>
        ) : null}
      </div>
      <label className="text-xs font-medium text-slate-600">
        Auto-refresh
        <select className={`${input} block`} value={range.refresh} disabled={range.asOf !== null} onChange={(e) => go({ refresh: e.target.value === "off" ? null : e.target.value })}>
          {(Object.keys(REFRESH_INTERVALS) as RefreshInterval[]).map((r) => (
            <option key={r} value={r}>
              {r === "off" ? "Off" : `Every ${r}`}
            </option>
          ))}
        </select>
      </label>
      {problem ? (
        <p role="alert" className="w-full text-xs font-medium text-red-600">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
