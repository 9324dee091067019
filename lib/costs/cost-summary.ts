import { z } from "zod";
import type { Queryable } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { costTagKeys, spendByService, spendByTag, type CostGroup } from "./breakdowns";
import { DAY_MS } from "./cost-scope";
import { dailySpend, type DailySpend } from "./daily-spend";
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
  byService: CostGroup[];
  tagKeys: string[];
  tagKey: string | null;
  byTag: CostGroup[];
  monthOverMonth: MonthOverMonth;
  drivers: CostDriver[];
};

/** Longest range one cost query covers: Cost Explorer history Monitr keeps is 13 months. */
const MAX_RANGE_DAYS = 400;

/**
 * What was spent, read in one transaction so the figures agree. The forecast is not here: the
 * one forecast of the product is lib/insights' (lib/dashboards' cost view adds it).
 */
export async function loadCostSummary(tx: Queryable, input: CostSummaryInput & { now: Date }): Promise<CostSummary> {
  if (input.to.getTime() < input.from.getTime()) throw new ValidationError("`to` must not be before `from`.", { to: "Must not be before from." });
  if (input.to.getTime() - input.from.getTime() > MAX_RANGE_DAYS * DAY_MS) throw new ValidationError(`Ask for at most ${MAX_RANGE_DAYS} days.`, { from: `At most ${MAX_RANGE_DAYS} days before to.` });
  // "As known at" also moves "today": the dashboard as it looked at that moment.
  const now = input.asOf ?? input.now;
  const range = { from: input.from, to: input.to, asOf: input.asOf };
  const [daily, byService, tagKeys, mom, drivers] = [
    await dailySpend(tx, range),
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
    byService,
    tagKeys,
    tagKey,
    byTag: tagKey ? await spendByTag(tx, { ...range, tagKey }) : [],
    monthOverMonth: mom,
    drivers,
  };
}
