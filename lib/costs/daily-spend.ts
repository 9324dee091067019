import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import { DAY_MS, dailyServiceRows, isoDay } from "./cost-scope";

export type DailySpend = { day: string; amount: number; estimated: boolean };

/**
 * Total spend per UTC day in [from, to] (both inclusive days), as known at `asOf`. The total is
 * the sum of the per-service figures, so it always agrees with the by-service breakdown. Days
 * without figures are returned as 0 only between the first and last day that has any, so a chart
 * shows a gap-free line without inventing spend before collection started.
 */
export async function dailySpend(tx: Queryable, args: { from: Date; to: Date; asOf?: Date; connectionId?: string }): Promise<DailySpend[]> {
  const fromDay = isoDay(args.from.getTime());
  const toDay = isoDay(args.to.getTime());
  const rows = await tx.execute<{ day: string; amount: string; estimated: boolean }>(sql`
    select to_char(period_start, 'YYYY-MM-DD') as day, sum(amount)::text as amount, bool_or(estimated) as estimated
      from cost_records
     where ${dailyServiceRows({ fromDay, toDay, asOf: args.asOf, connectionId: args.connectionId })}
     group by period_start
     order by period_start`);
  const byDay = new Map(rows.rows.map((r) => [r.day, { amount: Number(r.amount), estimated: r.estimated }]));
  if (rows.rows.length === 0) return [];
  const out: DailySpend[] = [];
  const first = Date.parse(`${rows.rows[0].day}T00:00:00Z`);
  const last = Date.parse(`${rows.rows[rows.rows.length - 1].day}T00:00:00Z`);
  for (let ms = first; ms <= last; ms += DAY_MS) {
    const day = isoDay(ms);
    const hit = byDay.get(day);
    out.push({ day, amount: hit?.amount ?? 0, estimated: hit?.estimated ?? false });
  }
  return out;
}
