import { sql } from "drizzle-orm";
import type { Queryable } from "@/lib/db";
import { COST_METRIC, dailyServiceRows, isoDay, knownAt } from "./cost-scope";

export type CostGroup = { key: string; amount: number; share: number };

const UNTAGGED = "(untagged)";

function withShares(rows: { key: string; amount: string }[]): CostGroup[] {
  const total = rows.reduce((s, r) => s + Number(r.amount), 0);
  return rows.map((r) => ({ key: r.key, amount: Number(r.amount), share: total > 0 ? Number(r.amount) / total : 0 }));
}

/** Spend per AWS service over [from, to] (inclusive days), largest first. */
export async function spendByService(tx: Queryable, args: { from: Date; to: Date; asOf?: Date; connectionId?: string }): Promise<CostGroup[]> {
  const rows = await tx.execute<{ key: string; amount: string }>(sql`
    select group_value as key, sum(amount)::text as amount
      from cost_records
     where ${dailyServiceRows({ fromDay: isoDay(args.from.getTime()), toDay: isoDay(args.to.getTime()), asOf: args.asOf, connectionId: args.connectionId })}
     group by group_value
     order by sum(amount) desc, group_value`);
  return withShares(rows.rows);
}

/** Tag keys Monitr collects costs by (chosen per connection in its settings). */
export async function costTagKeys(tx: Queryable, args: { asOf?: Date } = {}): Promise<string[]> {
  const rows = await tx.execute<{ key: string }>(sql`
    select distinct group_key as key from cost_records
     where tenant_id = app_current_tenant() and group_kind = 'tag' and ${knownAt(args.asOf)}
     order by 1`);
  return rows.rows.map((r) => r.key);
}

/** Spend per value of one cost-allocation tag; resources without the tag are "(untagged)". */
export async function spendByTag(tx: Queryable, args: { tagKey: string; from: Date; to: Date; asOf?: Date }): Promise<CostGroup[]> {
  const rows = await tx.execute<{ key: string; amount: string }>(sql`
    select case when group_value = '' then ${UNTAGGED} else group_value end as key, sum(amount)::text as amount
      from cost_records
     where tenant_id = app_current_tenant() and granularity = 'DAILY' and group_kind = 'tag' and metric = ${COST_METRIC}
       and group_key = ${args.tagKey}
       and period_start >= ${isoDay(args.from.getTime())}::date and period_start <= ${isoDay(args.to.getTime())}::date
       and ${knownAt(args.asOf)}
     group by 1
     order by sum(amount) desc, 1`);
  return withShares(rows.rows);
}
