import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import type { SeriesDay } from "./anomalies";

/**
 * Daily spend of every service over [from, to] (inclusive days), current knowledge. lib/costs
 * reads daily totals and per-service sums over a range but keeps its row filter private, so the
 * per-service daily series the anomaly rule needs is this one small query.
 */
export async function dailyByService(tx: Queryable, args: { from: Date; to: Date }): Promise<Map<string, SeriesDay[]>> {
  const rows = await tx.execute<{ service: string; day: string; amount: string; estimated: boolean }>(sql`
    select group_value as service, to_char(period_start, 'YYYY-MM-DD') as day, sum(amount)::text as amount, bool_or(estimated) as estimated
      from cost_records
     where tenant_id = app_current_tenant() and granularity = 'DAILY' and group_kind = 'service' and metric = 'UnblendedCost'
       and period_start >= ${args.from.toISOString().slice(0, 10)}::date and period_start <= ${args.to.toISOString().slice(0, 10)}::date
       and recorded_to is null
     group by 1, 2
     order by 1, 2`);
  const out = new Map<string, SeriesDay[]>();
  for (const r of rows.rows) out.set(r.service, [...(out.get(r.service) ?? []), { day: r.day, amount: Number(r.amount), estimated: r.estimated }]);
  return out;
}
