/*
 * The time range of a dashboard view, kept in the URL (`range`, or `from` + `to`, plus `asOf`
 * and `refresh`) so a link shows the same view. Pure: the page passes its search params and now.
 */
export const RANGE_PRESETS = { "1h": 3_600_000, "6h": 21_600_000, "24h": 86_400_000, "7d": 604_800_000, "30d": 2_592_000_000 } as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const RANGE_LABELS: Record<RangePreset, string> = { "1h": "1 h", "6h": "6 h", "24h": "24 h", "7d": "7 d", "30d": "30 d" };

export const REFRESH_INTERVALS = { off: 0, "30s": 30_000, "1m": 60_000, "5m": 300_000 } as const;
export type RefreshInterval = keyof typeof REFRESH_INTERVALS;

export type TimeRange = {
  preset: RangePreset | "custom";
  from: Date;
  to: Date;
  /** Recorded time: the view as Monitr knew it then. */
  asOf?: Date;
  refresh: RefreshInterval;
  /** Parameters that were ignored, said on the page rather than failing it. */
  problems: string[];
};

export type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

/** ISO 8601 or epoch milliseconds; anything else is undefined. */
export function parseInstant(text: string | undefined): Date | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const ms = /^\d{10,14}$/.test(text.trim()) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  return d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2200 ? d : undefined;
}

export function resolveTimeRange(params: SearchParams, now: Date, defaults: { preset?: RangePreset } = {}): TimeRange {
  const problems: string[] = [];
  const rawAsOf = one(params.asOf);
  let asOf = parseInstant(rawAsOf);
  if (rawAsOf && !asOf) problems.push("The “as known at” time in the link is not a date; showing what Monitr knows now.");
  if (asOf && asOf.getTime() >= now.getTime()) asOf = undefined;
  const end = asOf ?? now;

  const rawRefresh = one(params.refresh) ?? "off";
  const refresh: RefreshInterval = Object.hasOwn(REFRESH_INTERVALS, rawRefresh) ? (rawRefresh as RefreshInterval) : "off";
  // A past view does not change: refreshing it would only repeat the same queries.
  const effectiveRefresh = asOf ? "off" : refresh;

  const from = parseInstant(one(params.from));
  const to = parseInstant(one(params.to));
  if (one(params.from) || one(params.to)) {
    if (from && to && to.getTime() > from.getTime()) return { preset: "custom", from, to, ...(asOf ? { asOf } : {}), refresh: effectiveRefresh, problems };
    problems.push("The custom range in the link is not valid (`to` must be a date after `from`); showing the default range.");
  }
  const rawPreset = one(params.range);
  let preset: RangePreset = defaults.preset ?? "24h";
  if (rawPreset && Object.hasOwn(RANGE_PRESETS, rawPreset)) preset = rawPreset as RangePreset;
  else if (rawPreset) problems.push(`Unknown range “${rawPreset}”; showing ${RANGE_LABELS[preset]}.`);
  return { preset, from: new Date(end.getTime() - RANGE_PRESETS[preset]), to: end, ...(asOf ? { asOf } : {}), refresh: effectiveRefresh, problems };
}

/** The URL query that reproduces a range (what the picker writes). */
export function rangeQuery(r: { preset: RangePreset | "custom"; from?: Date; to?: Date; asOf?: Date; refresh?: RefreshInterval }): URLSearchParams {
  const q = new URLSearchParams();
  if (r.preset === "custom" && r.from && r.to) {
    q.set("from", r.from.toISOString());
    q.set("to", r.to.toISOString());
  } else if (r.preset !== "custom") q.set("range", r.preset);
  if (r.asOf) q.set("asOf", r.asOf.toISOString());
  if (r.refresh && r.refresh !== "off") q.set("refresh", r.refresh);
  return q;
}
