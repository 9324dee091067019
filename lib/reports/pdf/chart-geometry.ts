/*
 * Chart geometry for PDF charts, pure and unit-tested: scales, "nice" ticks and SVG path data
 * computed on the server, drawn by @react-pdf's <Svg>/<Path> as vector graphics.
 */
export type Box = { width: number; height: number; left: number; right: number; top: number; bottom: number };
export type Tick = { value: number; pos: number; label: string };
export type LineInput = { points: [number, number][] };

/** Path coordinates are integers in a viewBox `scale` times finer than the box: @react-pdf parses integer path data about three times faster than decimals. */
const coord = (n: number, scale: number) => String(Math.round(n * scale));

/** 1, 2 or 5 × 10ⁿ steps: about `count` ticks covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (max === min) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    return niceTicks(min - pad, max + pad, count);
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const first = Math.floor(min / step) * step;
  const out: number[] = [];
  // toPrecision strips float noise (0.6000000000000001) from the labels.
  for (let v = first; v <= max + step * 1e-9; v += step) out.push(Number((Math.round(v / step) * step).toPrecision(12)));
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

/** Compact number labels: 1 234 567 → 1.2M, 0.00012 → 1.2e-4. */
export function formatValue(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0";
  if (a >= 1e12) return `${(v / 1e12).toFixed(1)}T`;
  if (a >= 1e9) return `${(v / 1e9).toFixed(1)}G`;
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  if (a >= 100) return v.toFixed(0);
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, "");
  if (a >= 0.001) return v.toFixed(4).replace(/\.?0+$/, "");
  return v.toExponential(1);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number) => String(n).padStart(2, "0");

/** Time ticks (UTC) at a step that fits the span: hours, days or weeks. */
export function timeTicks(from: number, to: number, count = 6): { ms: number; label: string }[] {
  const span = to - from;
  const steps = [300_000, 900_000, 1_800_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000, 86_400_000, 2 * 86_400_000, 7 * 86_400_000, 14 * 86_400_000, 30 * 86_400_000];
  const step = steps.find((s) => span / s <= count) ?? steps[steps.length - 1];
  const out: { ms: number; label: string }[] = [];
  for (let ms = Math.ceil(from / step) * step; ms <= to; ms += step) {
    const d = new Date(ms);
    const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
    out.push({ ms, label: step >= 86_400_000 ? day : `${day} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}` });
  }
  return out;
}

export type LineChartGeometry = { paths: string[]; yTicks: Tick[]; xTicks: Tick[]; plot: { x0: number; x1: number; y0: number; y1: number } };

/**
 * One SVG path per series over [from, to]. A gap longer than `gapMs` (missing data) lifts the pen
 * instead of drawing a line across it.
 */
export function lineChart(series: LineInput[], range: { from: number; to: number }, box: Box, gapMs = Number.POSITIVE_INFINITY, scale = 1): LineChartGeometry {
  const values = series.flatMap((s) => s.points.map((p) => p[1])).filter(Number.isFinite);
  const min = values.length ? Math.min(0, ...values) : 0;
  const max = values.length ? Math.max(...values) : 1;
  const ticks = niceTicks(min, max === min ? min + 1 : max, 4);
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y0 = box.height - box.bottom;
  const y1 = box.top;
  const span = Math.max(1, range.to - range.from);
  const x = (ms: number) => x0 + ((ms - range.from) / span) * (x1 - x0);
  const y = (v: number) => y0 - ((v - lo) / (hi - lo || 1)) * (y0 - y1);
  const paths = series.map((s) => {
    let d = "";
    let prev: number | undefined;
    for (const [ms, v] of s.points) {
      if (!Number.isFinite(v) || ms < range.from || ms > range.to) continue;
      d += `${prev === undefined || ms - prev > gapMs ? "M" : "L"}${coord(x(ms), scale)} ${coord(y(v), scale)} `;
      prev = ms;
    }
    return d.trim();
  });
  return {
    paths,
    yTicks: ticks.map((v) => ({ value: v, pos: y(v), label: formatValue(v) })),
    xTicks: timeTicks(range.from, range.to).map((t) => ({ value: t.ms, pos: x(t.ms), label: t.label })),
    plot: { x0, x1, y0, y1 },
  };
}

export type Bar = { x: number; y: number; width: number; height: number };

/** Bars for one value per slot (daily spend), with y ticks. */
export function barChart(values: number[], box: Box): { bars: Bar[]; yTicks: Tick[]; plot: { x0: number; x1: number; y0: number; y1: number } } {
  const max = Math.max(0, ...values);
  const ticks = niceTicks(0, max || 1, 4);
  const hi = ticks[ticks.length - 1] || 1;
  const x0 = box.left;
  const x1 = box.width - box.right;
  const y0 = box.height - box.bottom;
  const y1 = box.top;
  const slot = values.length ? (x1 - x0) / values.length : 0;
  const bars = values.map((v, i) => {
    const h = (Math.max(0, v) / hi) * (y0 - y1);
    return { x: x0 + i * slot + slot * 0.15, y: y0 - h, width: Math.max(0.5, slot * 0.7), height: h };
  });
  return { bars, yTicks: ticks.map((v) => ({ value: v, pos: y0 - (v / hi) * (y0 - y1), label: formatValue(v) })), plot: { x0, x1, y0, y1 } };
}

/** Distinct, print-friendly line colours (Tableau 10). */
export const PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"];
