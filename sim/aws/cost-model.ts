import { hashString, signedNoise, unitNoise } from "./random";

// Daily costs are pure functions of (seed, service, day, recorded-at time):
// nothing is stored, any window answers identically on every call.

export interface CostService {
  name: string;
  /** USD per day at the start of the data, on a weekday. */
  base: number;
  weekendFactor: number;
  monthlyGrowth: number;
  /** Grows with the simulated fleet size. */
  fleetScaled: boolean;
  /** Share of the cost carrying no cost-allocation tags. */
  untaggedShare: number;
  amortizedFactor: number;
  usagePerDollar: number;
}

export const COST_SERVICES: readonly CostService[] = [
  { name: "Amazon Elastic Compute Cloud - Compute", base: 142, weekendFactor: 0.88, monthlyGrowth: 0.02, fleetScaled: true, untaggedShare: 0.12, amortizedFactor: 0.93, usagePerDollar: 9.5 },
  { name: "EC2 - Other", base: 31, weekendFactor: 0.97, monthlyGrowth: 0.015, fleetScaled: true, untaggedShare: 0.3, amortizedFactor: 1, usagePerDollar: 12 },
  { name: "Amazon Elastic Container Service for Kubernetes", base: 4.8, weekendFactor: 1, monthlyGrowth: 0, fleetScaled: false, untaggedShare: 0.05, amortizedFactor: 1, usagePerDollar: 10 },
  { name: "Amazon Relational Database Service", base: 58, weekendFactor: 1, monthlyGrowth: 0.01, fleetScaled: false, untaggedShare: 0.1, amortizedFactor: 0.95, usagePerDollar: 4 },
  { name: "Amazon Simple Storage Service", base: 19, weekendFactor: 0.96, monthlyGrowth: 0.035, fleetScaled: false, untaggedShare: 0.35, amortizedFactor: 1, usagePerDollar: 40 },
  { name: "AWS Data Transfer", base: 12.5, weekendFactor: 0.7, monthlyGrowth: 0.02, fleetScaled: false, untaggedShare: 0.6, amortizedFactor: 1, usagePerDollar: 11 },
  { name: "AmazonCloudWatch", base: 6.2, weekendFactor: 0.95, monthlyGrowth: 0.02, fleetScaled: true, untaggedShare: 0.45, amortizedFactor: 1, usagePerDollar: 20 },
  { name: "Amazon Virtual Private Cloud", base: 3.6, weekendFactor: 1, monthlyGrowth: 0, fleetScaled: false, untaggedShare: 0.5, amortizedFactor: 1, usagePerDollar: 0.3 },
  { name: "AWS Lambda", base: 2.1, weekendFactor: 0.6, monthlyGrowth: 0.04, fleetScaled: false, untaggedShare: 0.2, amortizedFactor: 1, usagePerDollar: 5_000 },
  { name: "AWS Key Management Service", base: 0.9, weekendFactor: 1, monthlyGrowth: 0, fleetScaled: false, untaggedShare: 0.8, amortizedFactor: 1, usagePerDollar: 30 },
  { name: "Amazon Route 53", base: 0.45, weekendFactor: 1, monthlyGrowth: 0, fleetScaled: false, untaggedShare: 0.9, amortizedFactor: 1, usagePerDollar: 2_000_000 },
];

export const COST_TAG_VALUES: Record<string, readonly string[]> = {
  team: ["payments", "search", "platform", "data"],
  env: ["prod", "staging", "dev"],
  service: ["api", "web", "worker", "etl"],
};

export const REGION_SPLIT: ReadonlyArray<readonly [string, number]> = [
  ["us-east-1", 0.74],
  ["eu-west-1", 0.26],
];

const DAY_MS = 86_400_000;

export interface CostSpike {
  date: string;
  service: string;
  factor: number;
}

export interface CostModelOptions {
  seed: number;
  /** First day with any cost (YYYY-MM-DD): the account is 13 months old. */
  firstDay: string;
  spike: CostSpike;
  fleetFactor: number;
}

export const dayIndexOf = (isoDate: string): number => Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
export const isoOfDay = (dayIndex: number): string => new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);

export class CostModel {
  readonly firstDayIndex: number;
  private readonly spikeDay: number;

  constructor(readonly options: CostModelOptions) {
    this.firstDayIndex = dayIndexOf(options.firstDay);
    this.spikeDay = dayIndexOf(options.spike.date);
  }

  /** Expected cost of a day without noise or incidents: what a forecast predicts. */
  expectedCost(service: CostService, day: number): number {
    if (day < this.firstDayIndex) return 0;
    const months = (day - this.firstDayIndex) / 30.44;
    const weekday = (day + 4) % 7;
    const weekend = weekday === 0 || weekday === 6 ? service.weekendFactor : 1;
    const fleet = service.fleetScaled ? this.options.fleetFactor : 1;
    return service.base * fleet * (1 + service.monthlyGrowth) ** months * weekend;
  }

  /** The final (invoiced) cost of a service on a day. */
  finalCost(service: CostService, day: number): number {
    const expected = this.expectedCost(service, day);
    if (expected === 0) return 0;
    const noise = 1 + 0.05 * signedNoise(this.options.seed, hashString(service.name), day);
    const spike = day === this.spikeDay && service.name === this.options.spike.service ? this.options.spike.factor : 1;
    return expected * noise * spike;
  }

  /**
   * The cost as Cost Explorer reports it at `nowMs`: today and yesterday are
   * estimates that grow toward the final value; older days are final.
   */
  recordedCost(service: CostService, day: number, nowMs: number): { amount: number; estimated: boolean } {
    const hours = (nowMs - day * DAY_MS) / 3_600_000;
    if (hours <= 0) return { amount: 0, estimated: true };
    const final = this.finalCost(service, day);
    if (hours >= 48) return { amount: final, estimated: false };
    const completeness = hours < 24 ? 0.92 * (hours / 24) : 0.92 + 0.08 * ((hours - 24) / 24);
    return { amount: final * completeness, estimated: true };
  }

  /** Share of a service's cost carrying `tagKey=value` ("" = untagged); shares sum to 1 per day. */
  tagShares(service: CostService, tagKey: string, day: number): Array<readonly [string, number]> {
    const values = COST_TAG_VALUES[tagKey];
    if (!values) return [["", 1]];
    const seed = this.options.seed;
    const serviceKey = hashString(service.name);
    const keyHash = hashString(tagKey);
    const weights = values.map((value) => {
      const valueHash = hashString(value);
      return 0.3 + unitNoise(seed, serviceKey, keyHash, valueHash) * (1 + 0.05 * signedNoise(seed, serviceKey, keyHash, valueHash, day));
    });
    const total = weights.reduce((a, b) => a + b, 0);
    const tagged = 1 - service.untaggedShare;
    return [...values.map((value, i) => [value, (tagged * (weights[i] as number)) / total] as const), ["", service.untaggedShare] as const];
  }
}
