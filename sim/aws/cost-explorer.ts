import { type CostCell, type GroupDefinition, expandCells, groupKey, parseFilter, parseGroupBy, timePeriod } from "./cost-cells";
import { type CostModel, dayIndexOf, isoOfDay } from "./cost-model";
import { optionalNumber, optionalObject, optionalString } from "./json-input";
import { type CallContext, type ServiceModule, jsonResponse } from "./protocols";
import { decodePageToken, encodePageToken } from "./query-params";
import { createJsonService } from "./rpc-service";
import { hashString } from "./random";
import { SimError } from "./sim-error";

type MetricValue = (amount: number, cell: CostCell) => number;

const METRICS: Record<string, MetricValue> = {
  UnblendedCost: (amount) => amount,
  BlendedCost: (amount) => amount,
  NetUnblendedCost: (amount) => amount,
  AmortizedCost: (amount, cell) => amount * cell.service.amortizedFactor,
  NetAmortizedCost: (amount, cell) => amount * cell.service.amortizedFactor,
  UsageQuantity: (amount, cell) => amount * cell.service.usagePerDollar,
  NormalizedUsageAmount: (amount, cell) => amount * cell.service.usagePerDollar,
};

const FORECAST_METRICS: Record<string, string> = {
  UNBLENDED_COST: "UnblendedCost",
  BLENDED_COST: "BlendedCost",
  NET_UNBLENDED_COST: "NetUnblendedCost",
  AMORTIZED_COST: "AmortizedCost",
  NET_AMORTIZED_COST: "NetAmortizedCost",
  USAGE_QUANTITY: "UsageQuantity",
  NORMALIZED_USAGE_AMOUNT: "NormalizedUsageAmount",
};

// Cost Explorer keeps 14 months of daily history.
const MAX_HISTORY_DAYS = 14 * 31;
// Groups per response page before NextPageToken (one ungrouped period counts as one).
const PAGE_BUDGET = 500;
const DAY_MS = 86_400_000;

const unitOf = (metric: string): string => (metric === "UsageQuantity" || metric === "NormalizedUsageAmount" ? "N/A" : "USD");
const amountString = (value: number): string => value.toFixed(10);

interface Period {
  start: number;
  end: number;
}

function splitPeriods(start: number, end: number, granularity: string): Period[] {
  const periods: Period[] = [];
  if (granularity === "DAILY") {
    for (let day = start; day < end; day++) periods.push({ start: day, end: day + 1 });
    return periods;
  }
  for (let day = start; day < end; ) {
    const date = new Date(day * DAY_MS);
    const nextMonth = Math.floor(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) / DAY_MS);
    periods.push({ start: day, end: Math.min(end, nextMonth) });
    day = Math.min(end, nextMonth);
  }
  return periods;
}

function granularityOf(input: Record<string, unknown>): "DAILY" | "MONTHLY" {
  const granularity = optionalString(input, "Granularity");
  if (granularity !== "DAILY" && granularity !== "MONTHLY") {
    throw new SimError("Validation", `Granularity ${granularity ?? "null"} is not supported; use DAILY or MONTHLY`);
  }
  return granularity;
}

function getCostAndUsage(model: CostModel, accountId: string, ctx: CallContext, input: Record<string, unknown>): unknown {
  const { start, end } = timePeriod(input);
  const granularity = granularityOf(input);
  const metrics = Array.isArray(input.Metrics) ? input.Metrics.filter((m): m is string => typeof m === "string") : [];
  if (metrics.length === 0) throw new SimError("Validation", "Metrics are required");
  const unknown = metrics.find((m) => !Object.hasOwn(METRICS, m));
  if (unknown) throw new SimError("Validation", `Metrics ${unknown} is invalid`);
  const today = Math.floor(ctx.now.getTime() / DAY_MS);
  const startDay = dayIndexOf(start);
  if (startDay < today - MAX_HISTORY_DAYS) throw new SimError("Validation", "start date is too old for daily granularity, max 14 months");
  const groups = parseGroupBy(input);
  const tags = new Set(groups.filter((g) => g.Type === "TAG").map((g) => g.Key));
  const dimensions = new Set(groups.filter((g) => g.Type === "DIMENSION").map((g) => g.Key));
  const filter = parseFilter(optionalObject(input, "Filter"), tags, dimensions);
  const periods = splitPeriods(startDay, dayIndexOf(end), granularity);

  const { NextPageToken: _token, ...rest } = input;
  const fingerprint = hashString(JSON.stringify(rest)).toString(36);
  const token = optionalString(input, "NextPageToken");
  let index = token === undefined ? 0 : decodePageToken(token, fingerprint);
  let budget = PAGE_BUDGET;
  const results: unknown[] = [];
  for (; index < periods.length && budget > 0; index++) {
    const period = periods[index] as Period;
    const totals = new Map<string, { keys: string[]; values: number[] }>();
    let estimated = false;
    for (let day = period.start; day < period.end; day++) {
      const cells = expandCells(model, day, accountId, tags, dimensions);
      for (const cell of cells) {
        if (!filter(cell.attributes)) continue;
        const recorded = model.recordedCost(cell.service, day, ctx.now.getTime());
        estimated ||= recorded.estimated;
        const amount = recorded.amount * cell.share;
        if (amount === 0) continue;
        const keys = groups.map((g: GroupDefinition) => groupKey(g, cell.attributes));
        const id = keys.join("\u0000");
        const entry = totals.get(id) ?? { keys, values: metrics.map(() => 0) };
        metrics.forEach((metric, i) => {
          entry.values[i] = (entry.values[i] as number) + (METRICS[metric] as MetricValue)(amount, cell);
        });
        totals.set(id, entry);
      }
    }
    const metricObject = (values: number[]): Record<string, { Amount: string; Unit: string }> =>
      Object.fromEntries(metrics.map((m, i) => [m, { Amount: amountString(values[i] ?? 0), Unit: unitOf(m) }]));
    const timePeriodOut = { Start: isoOfDay(period.start), End: isoOfDay(period.end) };
    if (groups.length === 0) {
      const all = totals.get("") ?? { keys: [], values: metrics.map(() => 0) };
      results.push({ TimePeriod: timePeriodOut, Total: metricObject(all.values), Groups: [], Estimated: estimated });
      budget -= 1;
    } else {
      // Grouped results leave Total empty and omit groups without cost, as Cost Explorer does.
      const sorted = [...totals.values()].sort((a, b) => a.keys.join("|").localeCompare(b.keys.join("|")));
      results.push({
        TimePeriod: timePeriodOut,
        Total: {},
        Groups: sorted.map((g) => ({ Keys: g.keys, Metrics: metricObject(g.values) })),
        Estimated: estimated,
      });
      budget -= Math.max(1, sorted.length);
    }
  }
  return {
    GroupDefinitions: groups,
    ResultsByTime: results,
    DimensionValueAttributes: [],
    ...(index < periods.length ? { NextPageToken: encodePageToken(index, fingerprint) } : {}),
  };
}

const Z_SCORES: ReadonlyArray<readonly [number, number]> = [[51, 0.025], [60, 0.253], [70, 0.524], [80, 1.282], [90, 1.645], [95, 1.96], [99, 2.576]];

function getCostForecast(model: CostModel, accountId: string, ctx: CallContext, input: Record<string, unknown>): unknown {
  const { start, end } = timePeriod(input);
  const granularity = granularityOf(input);
  const metricName = optionalString(input, "Metric") ?? "";
  const metric = FORECAST_METRICS[metricName];
  if (!metric) throw new SimError("Validation", `Metric ${metricName} is invalid`);
  const level = optionalNumber(input, "PredictionIntervalLevel") ?? 80;
  if (level < 51 || level > 99) throw new SimError("Validation", "PredictionIntervalLevel must be between 51 and 99");
  const z = Z_SCORES.reduce((best, [l, zScore]) => (l <= level ? zScore : best), 0.025);
  const today = Math.floor(ctx.now.getTime() / DAY_MS);
  const startDay = dayIndexOf(start);
  const endDay = dayIndexOf(end);
  if (startDay < today) throw new SimError("Validation", "Start date must be equal or greater than current date");
  if (endDay > today + (granularity === "DAILY" ? 93 : 366)) throw new SimError("Validation", "End date is too far in the future");
  const tags = new Set<string>();
  const dimensions = new Set<string>();
  const filter = parseFilter(optionalObject(input, "Filter"), tags, dimensions);
  const value = METRICS[metric] as MetricValue;
  let total = 0;
  const results = splitPeriods(startDay, endDay, granularity).map((period) => {
    let mean = 0;
    let variance = 0;
    for (let day = period.start; day < period.end; day++) {
      let dayMean = 0;
      for (const cell of expandCells(model, day, accountId, tags, dimensions)) {
        if (filter(cell.attributes)) dayMean += value(model.expectedCost(cell.service, day) * cell.share, cell);
      }
      // Uncertainty grows with the forecast horizon.
      const sigma = dayMean * 0.05 * (1 + (day - today) / 45);
      mean += dayMean;
      variance += sigma * sigma;
    }
    total += mean;
    const spread = z * Math.sqrt(variance) * 2;
    return {
      TimePeriod: { Start: isoOfDay(period.start), End: isoOfDay(period.end) },
      MeanValue: amountString(mean),
      PredictionIntervalLowerBound: amountString(Math.max(0, mean - spread)),
      PredictionIntervalUpperBound: amountString(mean + spread),
    };
  });
  return { Total: { Amount: amountString(total), Unit: unitOf(metric) }, ForecastResultsByTime: results };
}

export function createCostExplorerService(model: CostModel, accountId: string): ServiceModule {
  return createJsonService({
    name: "ce",
    signingName: "ce",
    protocol: "json-1.1",
    regional: false,
    targetPrefix: "AWSInsightsIndexService",
    respond: (value, requestId) => jsonResponse("json-1.1", value, requestId),
    actions: {
      GetCostAndUsage: { handle: (ctx, input) => getCostAndUsage(model, accountId, ctx, input) },
      GetCostForecast: { handle: (ctx, input) => getCostForecast(model, accountId, ctx, input) },
    },
  });
}

