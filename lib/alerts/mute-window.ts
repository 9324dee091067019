/*
 * Mute windows, pure. A one-off window is [startsAt, endsAt); a weekly one is [startMinute,
 * endMinute) of the listed weekdays (0 = Sunday) in its time zone, so "weekdays 22:00–24:00 in
 * Europe/Berlin" follows daylight saving.
 */
export type MuteWindow =
  | { kind: "once"; ruleId: string | null; startsAt: Date; endsAt: Date }
  | { kind: "weekly"; ruleId: string | null; weekdays: number[]; startMinute: number; endMinute: number; timezone: string };

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(at: Date, timezone: string): { weekday: number; minute: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: timezone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timezone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(at).map((p) => [p.type, p.value]));
  return { weekday: WEEKDAYS[parts.weekday ?? "Sun"] ?? 0, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

export function isMuteActive(mute: MuteWindow, at: Date): boolean {
  if (mute.kind === "once") return at.getTime() >= mute.startsAt.getTime() && at.getTime() < mute.endsAt.getTime();
  const { weekday, minute } = localParts(at, mute.timezone);
  return mute.weekdays.includes(weekday) && minute >= mute.startMinute && minute < mute.endMinute;
}

/** Whether notifications of this rule are muted at `at` (its own windows or the workspace's). */
export function isRuleMuted(mutes: readonly MuteWindow[], ruleId: string, at: Date): boolean {
  return mutes.some((mute) => (mute.ruleId === null || mute.ruleId === ruleId) && isMuteActive(mute, at));
}
