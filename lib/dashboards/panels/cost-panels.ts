import { loadCostSummary, spendByTag, type CostSummary } from "@/lib/costs";
import type { Panel, PanelArgs } from "./types";

const summary = (args: PanelArgs): Promise<CostSummary> =>
  args.memo("costs", () => loadCostSummary(args.tx, { from: args.from, to: args.to, now: args.now, ...(args.asOf ? { asOf: args.asOf } : {}) }));

export const costMtd: Panel<"cost-mtd"> = {
  needsTarget: null,
  async load(args) {
    const s = await summary(args);
    const m = s.monthOverMonth;
    return {
      currency: s.currency,
      monthToDate: m.monthToDate,
      lastMonthSamePeriod: m.lastMonthSamePeriod,
      lastMonthTotal: m.lastMonthTotal,
      change: m.change,
      forecast: s.forecast.available ? { monthEnd: s.forecast.monthEnd, low: s.forecast.low, high: s.forecast.high } : null,
      // Budgets arrive with issue #9; until a budget exists there is nothing to compare with.
      budget: null,
    };
  },
};

export const costDaily: Panel<"cost-daily"> = {
  needsTarget: null,
  async load(args) {
    const s = await summary(args);
    return { currency: s.currency, daily: s.daily, total: s.total, forecast: s.forecast };
  },
};

export const costByService: Panel<"cost-by-service"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await summary(args);
    return { currency: s.currency, groups: s.byService };
  },
};

export const costByTag: Panel<"cost-by-tag"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await summary(args);
    const byKey = [];
    for (const tagKey of s.tagKeys) byKey.push({ tagKey, groups: await spendByTag(args.tx, { tagKey, from: args.from, to: args.to, ...(args.asOf ? { asOf: args.asOf } : {}) }) });
    return { currency: s.currency, byKey };
  },
};

export const costMom: Panel<"cost-mom"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await summary(args);
    return { ...s.monthOverMonth, currency: s.currency };
  },
};

export const costDrivers: Panel<"cost-drivers"> = {
  needsTarget: null,
  load: async (args) => {
    const s = await summary(args);
    return { currency: s.currency, drivers: s.drivers };
  },
};
