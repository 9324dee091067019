import type { SpendOutlook } from "@/lib/insights";
import { usd } from "@/components/budgets/money";

/** Daily spend (solid) and the forecast with its 80 % band (shaded), as a plain SVG. */
export function ForecastChart({ outlook }: { outlook: Extract<SpendOutlook, { available: true }> }) {
  const history = outlook.history.slice(-60);
  const points = [...history.map((d) => ({ day: d.day, amount: d.amount })), ...outlook.days.map((d) => ({ day: d.day, amount: d.amount }))];
  const days = [...new Set(points.map((p) => p.day))].sort();
  const x = (day: string) => (days.indexOf(day) / Math.max(1, days.length - 1)) * 760 + 20;
  const max = Math.max(...history.map((d) => d.amount), ...outlook.days.map((d) => d.high), 1);
  const y = (v: number) => 190 - (v / max) * 170;
  const line = (ps: { day: string; amount: number }[]) => ps.map((p, i) => `${i ? "L" : "M"}${x(p.day).toFixed(1)},${y(p.amount).toFixed(1)}`).join(" ");
  const band = `${outlook.days.map((d, i) => `${i ? "L" : "M"}${x(d.day).toFixed(1)},${y(d.high).toFixed(1)}`).join(" ")} ${[...outlook.days].reverse().map((d) => `L${x(d.day).toFixed(1)},${y(d.low).toFixed(1)}`).join(" ")} Z`;
  return (
    <figure>
      <svg viewBox="0 0 800 200" className="h-56 w-full" role="img" aria-label={`Daily spend for the last ${history.length} days and the forecast for the next ${outlook.days.length}`}>
        <path d={band} className="fill-brand-100" />
        <path d={line(history)} className="fill-none stroke-slate-700" strokeWidth={1.5} />
        <path d={line(outlook.days)} className="fill-none stroke-brand-600" strokeWidth={1.5} strokeDasharray="4 3" />
        <text x={20} y={14} className="fill-slate-500 text-[10px]">
          {usd(max)}/day
        </text>
      </svg>
      <figcaption className="text-xs text-slate-500">
        Solid: daily spend. Dashed: forecast; shaded: its 80 % prediction interval. {outlook.method}.
        {outlook.excludedDays.length ? ` Left out of the fit as anomalies: ${outlook.excludedDays.join(", ")}.` : ""}
      </figcaption>
    </figure>
  );
}
