import type { ReportRange, ReportRequest } from "./schemas";

/*
 * Report time windows, pure: a preset is resolved against the moment the report is generated, so a
 * stored request ("last month") means the right month whenever a job or a schedule runs it.
 */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const dayStart = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
const monthStart = (ms: number, offset = 0) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1);
};
/** Monday 00:00 UTC of the week containing ms. */
const weekStart = (ms: number) => {
  const day = dayStart(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
};

const PRESETS: Record<Exclude<ReportRange["preset"], "custom">, (now: number) => [number, number]> = {
  "24h": (now) => [now - DAY_MS, now],
  "7d": (now) => [now - 7 * DAY_MS, now],
  "30d": (now) => [now - 30 * DAY_MS, now],
  "last-week": (now) => [weekStart(now) - 7 * DAY_MS, weekStart(now)],
  "last-month": (now) => [monthStart(now, -1), monthStart(now)],
  "this-month": (now) => [monthStart(now), now],
};

export const RANGE_PRESET_LABELS: Record<ReportRange["preset"], string> = {
  "24h": "Last 24 hours",
  "7d": "Last 7 days",
  "30d": "Last 30 days",
  "last-week": "Last week (Monday to Sunday)",
  "last-month": "Last calendar month",
  "this-month": "This month so far",
  custom: "Custom range",
};

const parse = (text: string) => new Date(/^\d{10,14}$/.test(text) ? Number(text) : Date.parse(text));

export function resolveRange(range: ReportRange, now: Date): { from: Date; to: Date } {
  if (range.preset === "custom") return { from: parse(range.from ?? ""), to: parse(range.to ?? "") };
  const [from, to] = PRESETS[range.preset](now.getTime());
  return { from: new Date(from), to: new Date(to) };
}

/** A statement month "YYYY-MM" as [first day, first day of the next month). */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split("-").map(Number);
  return { from: new Date(Date.UTC(y, m - 1, 1)), to: new Date(Date.UTC(y, m, 1)) };
}

export const monthOf = (ms: number) => new Date(ms).toISOString().slice(0, 7);

/** Scheduled runs go out at 06:00 UTC, after the night's cost revisions are in. */
const RUN_HOUR = 6;

/** The first slot strictly after `after`: Mondays for weekly, the 1st for monthly. */
export function nextRunAt(cadence: "weekly" | "monthly", after: Date): Date {
  const t = after.getTime();
  if (cadence === "weekly") {
    let slot = weekStart(t) + RUN_HOUR * HOUR_MS;
    while (slot <= t) slot += 7 * DAY_MS;
    return new Date(slot);
  }
  let slot = monthStart(t) + RUN_HOUR * HOUR_MS;
  if (slot <= t) slot = monthStart(t, 1) + RUN_HOUR * HOUR_MS;
  return new Date(slot);
}

/**
 * The request a scheduled run generates: the period that just ended (last week, last month),
 * whatever range the schedule was saved with; a statement covers the month that just ended.
 */
export function requestForRun(request: ReportRequest, cadence: "weekly" | "monthly", dueAt: Date): ReportRequest {
  if (request.kind === "chargeback") return { ...request, month: monthOf(monthStart(dueAt.getTime(), -1)) };
  return { ...request, range: { preset: cadence === "weekly" ? "last-week" : "last-month" } };
}
