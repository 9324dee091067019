import {
  CostExplorerClient, GetCostAndUsageCommand, type GetCostAndUsageCommandInput, GetCostForecastCommand, type ResultByTime,
} from "@aws-sdk/client-cost-explorer";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, assumeSimRole, awsSimClientConfig, startAwsSim } from "../../../sim/aws/index";
import { DAY_MS, expectAwsError, isoDay, readOnlyConfig } from "./helpers";

const amount = (r: ResultByTime | undefined, metric = "UnblendedCost"): number => Number(r?.Total?.[metric]?.Amount ?? Number.NaN);

describe("aws-sim Cost Explorer", () => {
  let sim: AwsSim;
  let ce: CostExplorerClient;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0 });
    ce = new CostExplorerClient(await readOnlyConfig(sim));
  });
  afterEach(() => sim.resetClock());
  afterAll(async () => {
    ce.destroy();
    await sim.close();
  });

  const daysBack = (n: number): string => isoDay(new Date(sim.now().getTime() - n * DAY_MS));

  const allPages = async (input: GetCostAndUsageCommandInput): Promise<{ results: ResultByTime[]; pages: number }> => {
    const results: ResultByTime[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await ce.send(new GetCostAndUsageCommand({ ...input, NextPageToken: token }));
      pages++;
      results.push(...(out.ResultsByTime ?? []));
      token = out.NextPageToken;
    } while (token);
    return { results, pages };
  };

  it("has 13 months of monthly costs growing over time", async () => {
    const { firstDay } = sim.scenario.costs;
    const end = new Date(sim.now());
    const nextMonth = isoDay(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 1)));
    const out = await ce.send(new GetCostAndUsageCommand({ TimePeriod: { Start: firstDay, End: nextMonth }, Granularity: "MONTHLY", Metrics: ["UnblendedCost", "AmortizedCost", "UsageQuantity"] }));
    const months = out.ResultsByTime ?? [];
    expect(months).toHaveLength(14);
    expect(months[0]?.TimePeriod?.Start).toBe(firstDay);
    expect(months.every((m) => amount(m) > 0)).toBe(true);
    expect(amount(months[12])).toBeGreaterThan(amount(months[0]) * 1.1);
    expect(Number(months[5]?.Total?.AmortizedCost?.Amount)).toBeLessThan(amount(months[5]));
    expect(Number(months[5]?.Total?.UsageQuantity?.Amount)).toBeGreaterThan(0);
    expect(months[5]?.Total?.UnblendedCost?.Unit).toBe("USD");
    expect(months.at(-1)?.Estimated).toBe(true);
    expect(months[5]?.Estimated).toBe(false);
  });

  it("groups daily costs by SERVICE across pages with NextPageToken", async () => {
    const { results, pages } = await allPages({
      TimePeriod: { Start: daysBack(120), End: daysBack(0) }, Granularity: "DAILY", Metrics: ["UnblendedCost"], GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }],
    });
    expect(pages).toBeGreaterThan(1);
    expect(results).toHaveLength(120);
    expect(new Set(results.map((r) => r.TimePeriod?.Start)).size).toBe(120);
    const services = new Set(results.flatMap((r) => (r.Groups ?? []).map((g) => g.Keys?.[0])));
    expect(services).toEqual(new Set(sim.scenario.costs.services));
    expect(results[0]?.Total).toEqual({});
  });

  it("has a weekday/weekend shape and one clear spike", async () => {
    const { spike } = sim.scenario.costs;
    const { results } = await allPages({
      TimePeriod: { Start: daysBack(60), End: daysBack(2) }, Granularity: "DAILY", Metrics: ["UnblendedCost"],
      Filter: { Dimensions: { Key: "SERVICE", Values: [spike.service] } },
    });
    const byDay = new Map(results.map((r) => [r.TimePeriod?.Start ?? "", amount(r)]));
    const others = [...byDay.entries()].filter(([day]) => day !== spike.date).map(([, v]) => v).sort((a, b) => a - b);
    const median = others[Math.floor(others.length / 2)] ?? 0;
    expect(byDay.get(spike.date) ?? 0).toBeGreaterThan(median * 4);
    expect(Math.max(...others)).toBeLessThan(median * 2);
    const spikeAge = (sim.now().getTime() - Date.parse(spike.date)) / DAY_MS;
    expect(spikeAge).toBeGreaterThan(19);
    expect(spikeAge).toBeLessThan(22);
    const compute = await allPages({
      TimePeriod: { Start: daysBack(57), End: daysBack(1) }, Granularity: "DAILY", Metrics: ["UnblendedCost"],
      Filter: { Dimensions: { Key: "SERVICE", Values: ["Amazon Elastic Compute Cloud - Compute"] } },
    });
    const weekend = compute.results.filter((r) => [0, 6].includes(new Date(`${r.TimePeriod?.Start}T00:00:00Z`).getUTCDay()));
    const weekday = compute.results.filter((r) => !weekend.includes(r));
    const avg = (rs: ResultByTime[]): number => rs.reduce((s, r) => s + amount(r), 0) / rs.length;
    expect(avg(weekend)).toBeLessThan(avg(weekday) * 0.95);
  });

  it("groups by tag with team$value keys and team$ for untagged spend", async () => {
    const period = { Start: daysBack(10), End: daysBack(3) };
    const grouped = await ce.send(new GetCostAndUsageCommand({ TimePeriod: period, Granularity: "MONTHLY", Metrics: ["UnblendedCost"], GroupBy: [{ Type: "TAG", Key: "team" }] }));
    const total = await ce.send(new GetCostAndUsageCommand({ TimePeriod: period, Granularity: "MONTHLY", Metrics: ["UnblendedCost"] }));
    expect(grouped.GroupDefinitions).toEqual([{ Type: "TAG", Key: "team" }]);
    const groups = (grouped.ResultsByTime ?? []).flatMap((r) => r.Groups ?? []);
    const keys = new Set(groups.map((g) => g.Keys?.[0]));
    expect(keys).toEqual(new Set(["team$payments", "team$search", "team$platform", "team$data", "team$"]));
    const sumGroups = groups.reduce((s, g) => s + Number(g.Metrics?.UnblendedCost?.Amount), 0);
    const sumTotal = (total.ResultsByTime ?? []).reduce((s, r) => s + amount(r), 0);
    expect(sumGroups).toBeCloseTo(sumTotal, 4);
    const twoLevel = await ce.send(new GetCostAndUsageCommand({
      TimePeriod: period, Granularity: "MONTHLY", Metrics: ["UnblendedCost"], GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }, { Type: "TAG", Key: "env" }],
    }));
    expect(twoLevel.ResultsByTime?.[0]?.Groups?.some((g) => g.Keys?.[0] === "AWS Data Transfer" && g.Keys?.[1] === "env$prod")).toBe(true);
  });

  it("revises the last two days between recorded times while older days stay final", async () => {
    const t1 = sim.now();
    const today = Date.UTC(t1.getUTCFullYear(), t1.getUTCMonth(), t1.getUTCDate());
    const input: GetCostAndUsageCommandInput = {
      TimePeriod: { Start: isoDay(new Date(today - 6 * DAY_MS)), End: isoDay(new Date(today + DAY_MS)) }, Granularity: "DAILY", Metrics: ["UnblendedCost"],
    };
    sim.setClock({ fixedTime: t1.toISOString() });
    const first = (await ce.send(new GetCostAndUsageCommand(input))).ResultsByTime ?? [];
    sim.setClock({ fixedTime: new Date(t1.getTime() + 10 * 3_600_000).toISOString() });
    const second = (await ce.send(new GetCostAndUsageCommand(input))).ResultsByTime ?? [];
    expect(first).toHaveLength(7);
    expect(first.slice(0, 5).every((r) => r.Estimated === false)).toBe(true);
    expect(second.slice(0, 5)).toEqual(first.slice(0, 5));
    for (const i of [5, 6]) {
      expect(first[i]?.Estimated).toBe(true);
      expect(amount(second[i])).toBeGreaterThan(amount(first[i]));
    }
  });

  it("forecasts with a mean inside its prediction interval", async () => {
    const out = await ce.send(new GetCostForecastCommand({
      TimePeriod: { Start: daysBack(0), End: isoDay(new Date(sim.now().getTime() + 7 * DAY_MS)) }, Granularity: "DAILY", Metric: "UNBLENDED_COST",
    }));
    const results = out.ForecastResultsByTime ?? [];
    expect(results).toHaveLength(7);
    for (const r of results) {
      expect(Number(r.PredictionIntervalLowerBound)).toBeLessThan(Number(r.MeanValue));
      expect(Number(r.PredictionIntervalUpperBound)).toBeGreaterThan(Number(r.MeanValue));
    }
    const sum = results.reduce((s, r) => s + Number(r.MeanValue), 0);
    expect(Number(out.Total?.Amount)).toBeCloseTo(sum, 4);
    const monthly = await ce.send(new GetCostForecastCommand({
      TimePeriod: { Start: daysBack(0), End: isoDay(new Date(sim.now().getTime() + 40 * DAY_MS)) }, Granularity: "MONTHLY", Metric: "AMORTIZED_COST",
    }));
    expect(monthly.ForecastResultsByTime?.length).toBeGreaterThanOrEqual(2);
    await expectAwsError(ce.send(new GetCostForecastCommand({ TimePeriod: { Start: daysBack(5), End: daysBack(0) }, Granularity: "DAILY", Metric: "UNBLENDED_COST" })), "ValidationException", 400);
  });

  it("denies Cost Explorer to the role lacking it", async () => {
    const role = sim.scenario.roles.noCostExplorer;
    const limited = new CostExplorerClient(awsSimClientConfig(sim, { credentials: await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId }) }));
    const error = await expectAwsError(
      limited.send(new GetCostAndUsageCommand({ TimePeriod: { Start: daysBack(3), End: daysBack(1) }, Granularity: "DAILY", Metrics: ["UnblendedCost"] })),
      "AccessDeniedException",
      400,
    );
    expect(error.message).toContain("assumed-role/MonitrNoCostExplorer/monitr-sim is not authorized to perform: ce:GetCostAndUsage");
  });
});
