import { z } from "zod";
import { dailySpend, spendByService, spendByTag } from "@/lib/costs";
import { withTenant } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { DateTime } from "../pagination";
import { defineEndpoint } from "../registry";

const Day = z.iso.date().meta({ description: "A UTC day, YYYY-MM-DD (inclusive)." });
const MAX_DAYS = 400;

const CostRow = z
  .object({
    key: z.string().meta({ description: "The day (groupBy=day), the AWS service, or the tag value." }),
    amount: z.number(),
    estimated: z.boolean().optional().meta({ description: "Cost Explorer may still revise this day (groupBy=day only)." }),
    share: z.number().optional().meta({ description: "Fraction of the range's total (service and tag groupings)." }),
  })
  .meta({ id: "CostRow" });

export const getCosts = defineEndpoint({
  operationId: "getCosts",
  method: "GET",
  path: "/costs",
  tag: "Costs",
  summary: "AWS spend by day, by service or by cost-allocation tag",
  description: "Unblended cost in USD from Cost Explorer. `asOf` answers with the figures Monitr had at that moment (Cost Explorer revises recent days).",
  scope: "read",
  query: z.object({
    from: Day,
    to: Day,
    groupBy: z.enum(["day", "service", "tag"]).default("day"),
    tagKey: z.string().min(1).max(128).optional().meta({ description: "Required with groupBy=tag." }),
    connectionId: z.uuid().optional(),
    asOf: DateTime.optional(),
  }),
  response: z.object({ groupBy: z.enum(["day", "service", "tag"]), unit: z.literal("USD"), total: z.number(), rows: z.array(CostRow) }),
  async handle({ ctx, query }) {
    const from = new Date(`${query.from}T00:00:00Z`);
    const to = new Date(`${query.to}T00:00:00Z`);
    if (to < from) throw new ValidationError("`to` must not be before `from`.", { to: "Must not be before `from`." });
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) throw new ValidationError(`Ask for at most ${MAX_DAYS} days.`, { to: `At most ${MAX_DAYS} days after \`from\`.` });
    if (query.groupBy === "tag" && !query.tagKey) throw new ValidationError("Name the tag key.", { tagKey: "Required with groupBy=tag." });
    const asOf = query.asOf ? new Date(query.asOf) : undefined;
    const rows = await withTenant(
      ctx.tenant.id,
      async (tx) => {
        if (query.groupBy === "day") {
          return (await dailySpend(tx, { from, to, asOf, connectionId: query.connectionId })).map((d) => ({ key: d.day, amount: d.amount, estimated: d.estimated }));
        }
        const groups = query.groupBy === "service" ? await spendByService(tx, { from, to, asOf, connectionId: query.connectionId }) : await spendByTag(tx, { tagKey: query.tagKey ?? "", from, to, asOf });
        return groups.map((g) => ({ key: g.key, amount: g.amount, share: g.share }));
      },
      { db: ctx.db },
    );
    const total = Math.round(rows.reduce((sum, r) => sum + r.amount, 0) * 1e6) / 1e6;
    return { groupBy: query.groupBy, unit: "USD" as const, total, rows };
  },
});
