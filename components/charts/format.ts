/*
 * Number and time formatting shared by every chart and table: units spelled the way people read
 * them (12.3 %, 4.2 MB, $1,234.56), axes labelled for the range on screen.
 */
const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

export function formatBytes(v: number): string {
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1000 && i < BYTE_UNITS.length - 1) {
    x /= 1000;
    i++;
  }
  return `${v < 0 ? "-" : ""}${x >= 100 || i === 0 ? x.toFixed(0) : x.toFixed(1)} ${BYTE_UNITS[i]}`;
}

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export function formatMoney(v: number, currency = "USD", digits = 2): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(v);
}

const FORMATTERS: Record<string, (v: number) => string> = {
  Percent: (v) => `${v.toFixed(v >= 10 ? 0 : 1)} %`,
  Bytes: formatBytes,
  "Bytes/Second": (v) => `${formatBytes(v)}/s`,
  Count: (v) => (Math.abs(v) >= 1000 ? compact.format(v) : Number.isInteger(v) ? String(v) : v.toFixed(2)),
  USD: (v) => formatMoney(v),
  Seconds: (v) => `${v.toFixed(1)} s`,
};

export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return (FORMATTERS[unit] ?? ((x: number) => (Math.abs(x) >= 1000 ? compact.format(x) : x.toFixed(2))))(v);
}

/** A short unit name for an axis title. */
export function unitLabel(unit: string): string {
  const labels: Record<string, string> = { Percent: "%", Bytes: "bytes", Count: "count", USD: "USD", "Bytes/Second": "bytes/s", Seconds: "seconds" };
  return labels[unit] ?? unit;
}

/** Axis ticks: times for ranges up to two days, dates beyond. All in UTC, as the data is. */
export function formatTick(ms: number, rangeMs: number): string {
  const d = new Date(ms);
  const hm = d.toISOString().slice(11, 16);
  if (rangeMs <= 2 * 86_400_000) return hm;
  const md = `${d.toLocaleString("en-US", { month: "short", timeZone: "UTC" })} ${d.getUTCDate()}`;
  return rangeMs <= 8 * 86_400_000 ? `${md} ${hm}` : md;
}

export function formatInstant(ms: number | string | Date): string {
  const d = new Date(ms);
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatPercentChange(change: number | null): string {
  if (change === null || !Number.isFinite(change)) return "—";
  return `${change >= 0 ? "+" : ""}${(change * 100).toFixed(1)} %`;
}
