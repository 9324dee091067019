import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import { addMonths, DAY_MS, dailyServiceRows, dayStart, isoDay, monthStart } from "./cost-scope";

export type MonthTotal = { month: string; amount: number; partial: boolean };
export type MonthOverMonth = {
  month: string;
  /** This month from its first day through today (today's figure is partial). */
  monthToDate: number;
  /** Last month over the same days of the month. */
  lastMonthSamePeriod: number;
  lastMonthTotal: number;
  /** monthToDate vs lastMonthSamePeriod, as a fraction; null without last month's data. */
  change: number | null;
  months: MonthTotal[];
};

/** Month-to-date vs the same days of last month, and the totals of the last `months` months. */
export async function monthOverMonth(tx: Queryable, args: { now: Date; asOf?: Date; months?: number }): Promise<MonthOverMonth> {
  const today = dayStart(args.now.getTime());
  const thisMonth = monthStart(today);
  const lastMonth = addMonths(thisMonth, -1);
  const firstMonth = addMonths(thisMonth, -((args.months ?? 6) - 1));
  const dayOfMonth = Math.round((today - thisMonth) / DAY_MS); // 0-based
  // Same period of last month, clamped to its length (31 March → 28/29 February).
  const samePeriodEnd = Math.min(lastMonth + dayOfMonth * DAY_MS, thisMonth - DAY_MS);
  const rows = await tx.execute<{ month: string; amount: string; same: string }>(sql`
    select to_char(date_trunc('month', period_start), 'YYYY-MM') as month, sum(amount)::text as amount,
           coalesce(sum(amount) filter (where period_start <= ${isoDay(samePeriodEnd)}::date), 0)::text as same
      from cost_records
     where ${dailyServiceRows({ fromDay: isoDay(firstMonth), toDay: isoDay(today), asOf: args.asOf })}
     group by 1 order by 1`);
  const byMonth = new Map(rows.rows.map((r) => [r.month, r]));
  const key = (ms: number) => isoDay(ms).slice(0, 7);
  const months: MonthTotal[] = [];
  for (let m = firstMonth; m <= thisMonth; m = addMonths(m, 1)) months.push({ month: key(m), amount: Number(byMonth.get(key(m))?.amount ?? 0), partial: m === thisMonth });
  const monthToDate = Number(byMonth.get(key(thisMonth))?.amount ?? 0);
  const last = byMonth.get(key(lastMonth));
  const lastMonthSamePeriod = Number(last?.same ?? 0);
  return {
    month: key(thisMonth),
    monthToDate,
    lastMonthSamePeriod,
    lastMonthTotal: Number(last?.amount ?? 0),
    change: lastMonthSamePeriod > 0 ? monthToDate / lastMonthSamePeriod - 1 : null,
    months,
  };
}
