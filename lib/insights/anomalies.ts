import { median } from "./linear-algebra";

/*
 * Anomaly rule (documented on the Insights page and in docs/architecture.md). For a day d of a
 * series (the total, or one service):
 *   expected(d) = median of the same weekday over the BASELINE_WEEKS weeks before d (≥ 4 values),
 *     so weekends are compared with weekends;
 *   r(d) = (actual − expected) / expected, the relative departure;
 *   scale = 1.4826 · MAD of r over the SCALE_DAYS days before d (the robust standard deviation);
 *   d is anomalous when |r(d) − median r| > K · scale AND |r(d)| ≥ MIN_RELATIVE AND
 *   |actual − expected| ≥ MIN_ABSOLUTE dollars (small services' noise never pages anyone).
 * Only final days are judged: Cost Explorer's estimates for the last two days are partial.
 */
export const ANOMALY_K = 4;
export const BASELINE_WEEKS = 8;
export const SCALE_DAYS = 28;
export const MIN_RELATIVE = 0.1;
export const MIN_ABSOLUTE = 1;
const DAY_MS = 86_400_000;

export type SeriesDay = { day: string; amount: number; estimated?: boolean };
export type Anomaly = { day: string; actual: number; expected: number; change: number; direction: "above" | "below"; score: number };

export const ANOMALY_RULE = `Expected = median of the same weekday over the previous ${BASELINE_WEEKS} weeks; a day is anomalous when its departure exceeds ${ANOMALY_K} × the robust deviation (1.4826 × MAD over the previous ${SCALE_DAYS} days), is at least ${Math.round(MIN_RELATIVE * 100)} % and at least $${MIN_ABSOLUTE}.`;

function expectedOf(byDay: Map<string, number>, index: number): number | null {
  const values: number[] = [];
  for (let w = 1; w <= BASELINE_WEEKS; w++) {
    const v = byDay.get(new Date((index - 7 * w) * DAY_MS).toISOString().slice(0, 10));
    if (v !== undefined) values.push(v);
  }
  return values.length >= 4 ? median(values) : null;
}

/** Anomalous days of one series among `judgeFrom` and later (days before serve as history). */
export function detectAnomalies(series: SeriesDay[], judgeFrom?: string): Anomaly[] {
  const byDay = new Map(series.map((d) => [d.day, d.amount]));
  const index = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
  const rel = new Map<string, number>();
  for (const d of series) {
    const e = expectedOf(byDay, index(d.day));
    if (e !== null && e > 0) rel.set(d.day, (d.amount - e) / e);
  }
  const out: Anomaly[] = [];
  for (const d of series) {
    if (d.estimated || (judgeFrom && d.day < judgeFrom)) continue;
    const i = index(d.day);
    const expected = expectedOf(byDay, i);
    const r = rel.get(d.day);
    if (expected === null || r === undefined) continue;
    const window: number[] = [];
    for (let k = 1; k <= SCALE_DAYS; k++) {
      const v = rel.get(new Date((i - k) * DAY_MS).toISOString().slice(0, 10));
      if (v !== undefined) window.push(v);
    }
    if (window.length < SCALE_DAYS / 2) continue;
    const center = median(window);
    const scale = 1.4826 * median(window.map((v) => Math.abs(v - center)));
    const score = scale > 0 ? Math.abs(r - center) / scale : Infinity;
    if (score > ANOMALY_K && Math.abs(r) >= MIN_RELATIVE && Math.abs(d.amount - expected) >= MIN_ABSOLUTE) {
      out.push({ day: d.day, actual: d.amount, expected, change: r, direction: r > 0 ? "above" : "below", score });
    }
  }
  return out;
}
