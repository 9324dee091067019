import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant, type Queryable } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { costTagKeys, spendByService, spendByTag, type CostGroup } from "./breakdowns";
import { addMonths, DAY_MS, dayStart, monthStart } from "./cost-scope";
import { dailySpend, type DailySpend } from "./daily-spend";
import { forecastMonthEnd, type MonthForecast } from "./forecast";
import { monthOverMonth, type MonthOverMonth } from "./month-over-month";
import { topDrivers, type CostDriver } from "./top-drivers";

export const CostSummaryInput = z.object({
  from: z.date(),
  to: z.date(),
  asOf: z.date().optional(),
  tagKey: z.string().trim().min(1).max(128).optional(),
});
export type CostSummaryInput = z.infer<typeof CostSummaryInput>;

export type CostSummary = {
  range: { from: string; to: string };
  asOf: string | null;
  currency: string;
  daily: DailySpend[];
  total: number;
  forecast: MonthForecast;
  byService: CostGroup[];
  tagKeys: string[];
  tagKey: string | null;
  byTag: CostGroup[];
  monthOverMonth: MonthOverMonth;
  drivers: CostDriver[];
};

/** Longest range one cost query covers: Cost Explorer history Monitr keeps is 13 months. */
const MAX_RANGE_DAYS = 400;

/** Everything the Costs dashboard shows, read in one transaction so the figures agree. */
export async function loadCostSummary(tx: Queryable, input: CostSummaryInput & { now: Date }): Promise<CostSummary> {
  if (input.to.getTime() < input.from.getTime()) throw new ValidationError("`to` must not be before `from`.", { to: "Must not be before from." });
  if (input.to.getTime() - input.from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new ValidationError(`Ask for at most ${MAX_RANGE_DAYS} days.`, { from: `At most ${MAX_RANGE_DAYS} days before to.` });
  // "As known at" also moves "today": the dashboard as it looked at that moment.
  const now = input.asOf ?? input.now;
  const today = dayStart(now.getTime());
  const range = { from: input.from, to: input.to, asOf: input.asOf };
  // The forecast needs this month plus two weeks of history whatever range is on screen.
  const forecastFrom = new Date(Math.min(monthStart(today), today - 15 * DAY_MS));
  const [daily, forecastDaily, byService, tagKeys, mom, drivers] = [
    await dailySpend(tx, range),
    await dailySpend(tx, { from: forecastFrom, to: new Date(addMonths(today, 1) - DAY_MS), asOf: input.asOf }),
    await spendByService(tx, range),
    await costTagKeys(tx, { asOf: input.asOf }),
    await monthOverMonth(tx, { now, asOf: input.asOf }),
    await topDrivers(tx, { ...range, limit: 5 }),
  ];
  const tagKey = input.tagKey && tagKeys.includes(input.tagKey) ? input.tagKey : (tagKeys[0] ?? null);
  return {
    range: { from: input.from.toISOString(), to: input.to.toISOString() },
    asOf: input.asOf?.toISOString() ?? null,
    currency: "USD",
    daily,
    total: daily.reduce((a, d) => a + d.amount, 0),
    forecast: forecastMonthEnd(forecastDaily, now),
    byService,
    tagKeys,
    tagKey,
    byTag: tagKey ? await spendByTag(tx, { ...range, tagKey }) : [],
    monthOverMonth: mom,
    drivers,
  };
}

/** The verb: any member, viewers included, may read costs. */
export async function getCostSummary({ ctx, input }: { ctx: TenantContext; input: CostSummaryInput & { now?: Date } }): Promise<CostSummary> {
  return withTenant(ctx.tenant.id, (tx) => loadCostSummary(tx, { ...input, now: input.now ?? new Date() }), { db: ctx.db });
}
