import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import { DAY_MS, dailyServiceRows, dayStart, isoDay } from "./cost-scope";

export type CostDriver = { service: string; amount: number; previous: number; change: number; changePct: number | null };

/**
 * The services that moved spend most: [from, to] against the period of the same length just
 * before it, largest increase first (a spike or a new workload shows at the top).
 */
export async function topDrivers(tx: Queryable, args: { from: Date; to: Date; asOf?: Date; limit?: number }): Promise<CostDriver[]> {
  const from = dayStart(args.from.getTime());
  const to = dayStart(args.to.getTime());
  const length = to - from + DAY_MS;
  const prevFrom = from - length;
  const rows = await tx.execute<{ service: string; amount: string; previous: string }>(sql`
    select group_value as service,
           coalesce(sum(amount) filter (where period_start >= ${isoDay(from)}::date), 0)::text as amount,
           coalesce(sum(amount) filter (where period_start < ${isoDay(from)}::date), 0)::text as previous
      from cost_records
     where ${dailyServiceRows({ fromDay: isoDay(prevFrom), toDay: isoDay(to), asOf: args.asOf })}
     group by group_value`);
  return rows.rows
    .map((r) => {
      const amount = Number(r.amount);
      const previous = Number(r.previous);
      return { service: r.service, amount, previous, change: amount - previous, changePct: previous > 0 ? amount / previous - 1 : null };
    })
    .sort((a, b) => b.change - a.change || b.amount - a.amount)
    .slice(0, args.limit ?? 5);
}
