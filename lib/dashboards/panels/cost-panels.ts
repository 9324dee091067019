import { currentMonth } from "@/lib/allocation";
import { loadMonthPicture, visibleTo } from "@/lib/budgets";
import { spendByTag } from "@/lib/costs";
import { loadCostView, type CostView } from "../cost-view";
import type { Panel, PanelArgs, WorkspaceBudget } from "./types";

const costs = (args: PanelArgs): Promise<CostView> =>
  args.memo("costs", () => loadCostView(args.tx, { from: args.from, to: args.to, now: args.now, ...(args.asOf ? { asOf: args.asOf } : {}) }));

/** Budgets keep no history (a changed limit overwrites the old one), so a past view has nothing true to compare with. */
export const PAST_VIEW_BUDGET =
  "Budgets keep no history of their limits, so this past view shows no budget comparison rather than today's. Leave the past view to compare with the budget.";

/**
 * The workspace budget for this month as lib/budgets computes it (actual = the month's allocated
 * bill, forecast = the insights outlook), and how many team and person budgets the actor may see.
 */
const workspaceBudget = (args: PanelArgs): Promise<WorkspaceBudget> =>
  args.memo("budget", async () => {
    if (args.asOf) return { kind: "past-view", message: PAST_VIEW_BUDGET };
    const month = currentMonth(args.now);
    const picture = await loadMonthPicture(args.tx, { tenantId: args.ctx.tenant.id, tenantName: args.ctx.tenant.name, month, now: args.now });
    const status = picture.statuses.find((s) => s.scope.kind === "tenant");
    const others = picture.statuses.filter((s) => s.scope.kind !== "tenant" && visibleTo(args.ctx, picture.directory, s.scope)).length;
    return status ? { kind: "set", month, status, others } : { kind: "none", month, others };
  });

export const costMtd: Panel<"cost-mtd"> = {
  needsTarget: null,
  async load(args) {
    const s = await costs(args);
    const m = s.monthOverMonth;
    return {
      currency: s.currency,
      monthToDate: m.monthToDate,
      lastMonthSamePeriod: m.lastMonthSamePeriod,
      lastMonthTotal: m.lastMonthTotal,
      change: m.change,
      forecast: s.forecast.available ? s.forecast.monthEnd : null,
      budget: await workspaceBudget(args),
    };
  },
};

export const costDaily: Panel<"cost-daily"> = {
  needsTarget: null,
  async load(args) {
    const s = await costs(args);
    return { currency: s.currency, daily: s.daily, total: s.total, forecast: s.forecast };
  },
};

export const costByService: Panel<"cost-by-service"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await costs(args);
    return { currency: s.currency, groups: s.byService };
  },
};

export const costByTag: Panel<"cost-by-tag"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await costs(args);
    const byKey = [];
    for (const tagKey of s.tagKeys) byKey.push({ tagKey, groups: await spendByTag(args.tx, { tagKey, from: args.from, to: args.to, ...(args.asOf ? { asOf: args.asOf } : {}) }) });
    return { currency: s.currency, byKey };
  },
};

export const costMom: Panel<"cost-mom"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await costs(args);
    return { ...s.monthOverMonth, currency: s.currency, budget: await workspaceBudget(args) };
  },
};

export const costDrivers: Panel<"cost-drivers"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await costs(args);
    return { currency: s.currency, drivers: s.drivers };
  },
};
