import { sql } from "drizzle-orm";
import { withTenant } from "@/lib/db";
import { fetchInBatches } from "./cursor";
import { writeCsv } from "./csv-writer";
import type { RenderArgs } from "./render-types";
import type { CostsReportRequest } from "./schemas";
import { DAY_MS } from "./time";

export const COST_CSV_COLUMNS = ["day", "service", "tag", "cost", "currency", "estimated"] as const;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * One row per (day, service) — and, with a tag key, per (day, tag value) with the service blank —
 * summed over the workspace's AWS accounts, as known at the report's moment. Amounts are Postgres
 * numerics printed as stored (no float rounding). The range's days are [from, to): a range ending
 * at midnight does not include the day that starts then.
 */
export async function renderCostsCsv(args: RenderArgs<CostsReportRequest>): Promise<void> {
  const { ctx, request, window } = args;
  const at = (window.asOf ?? window.generatedAt).toISOString();
  const fromDay = isoDay(window.from);
  const toDay = isoDay(new Date(window.to.getTime() - 1));
  const days = Math.max(1, Math.round((window.to.getTime() - window.from.getTime()) / DAY_MS));
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const query = sql`
        select to_char(period_start, 'YYYY-MM-DD') as day,
               case when group_kind = 'service' then group_value else '' end as service,
               case when group_kind = 'tag' then group_key || '=' || group_value else '' end as tag,
               sum(amount)::text as cost, min(unit) as currency, bool_or(estimated) as estimated
          from cost_records
         where tenant_id = app_current_tenant() and granularity = 'DAILY' and metric = 'UnblendedCost'
           and (group_kind = 'service' ${request.tagKey ? sql`or (group_kind = 'tag' and group_key = ${request.tagKey})` : sql``})
           and period_start >= ${fromDay}::date and period_start <= ${toDay}::date
           and recorded_from <= ${at}::timestamptz and (recorded_to is null or recorded_to > ${at}::timestamptz)
         group by period_start, group_kind, group_key, group_value
         order by period_start, group_kind, group_value`;
      let seen = 0;
      await writeCsv(args.out, COST_CSV_COLUMNS, async (write) => {
        for await (const batch of fetchInBatches<{ day: string; service: string; tag: string; cost: string; currency: string; estimated: boolean }>(tx, query)) {
          for (const r of batch) await write([r.day, r.service, r.tag, r.cost, r.currency, r.estimated]);
          seen += batch.length;
          args.progress(Math.min(0.99, seen / (days * 30)));
        }
      });
    },
    { db: ctx.db },
  );
}
