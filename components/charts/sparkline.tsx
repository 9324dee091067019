/** A tiny inline trend (no axes): one SVG path, cheap enough for hundreds of table rows. */
export function Sparkline({ values, max = 100, width = 96, height = 24, label }: { values: (number | null)[]; max?: number; width?: number; height?: number; label: string }) {
  const present = values.filter((v): v is number => v !== null);
  if (present.length < 2) return <span className="text-xs text-slate-400">no data</span>;
  const top = Math.max(max, ...present);
  const step = width / Math.max(1, values.length - 1);
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const x = (i * step).toFixed(1);
    const y = (height - 1 - (v / top) * (height - 2)).toFixed(1);
    d += `${pen ? "L" : "M"}${x},${y}`;
    pen = true;
  });
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="overflow-visible">
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.5} className="text-brand-600" />
    </svg>
  );
}
