// The public AWS region list. Regions launched after March 2019 are opt-in;
// in the simulated account only the two regions below are enabled at all.

export const ENABLED_REGIONS = ["us-east-1", "eu-west-1"] as const;
export type EnabledRegion = (typeof ENABLED_REGIONS)[number];

export interface RegionInfo {
  name: string;
  optIn: boolean;
}

const DEFAULT_REGIONS = [
  "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
  "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1",
  "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
];

const OPT_IN_REGIONS = [
  "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4",
  "ap-southeast-5", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2",
  "il-central-1", "me-central-1", "me-south-1", "mx-central-1",
];

export const ALL_REGIONS: readonly RegionInfo[] = [
  ...DEFAULT_REGIONS.map((name) => ({ name, optIn: false })),
  ...OPT_IN_REGIONS.map((name) => ({ name, optIn: true })),
];

export function isEnabledRegion(region: string): region is EnabledRegion {
  return (ENABLED_REGIONS as readonly string[]).includes(region);
}

/**
 * DescribeRegions' OptInStatus. The simulated account behaves as if an SCP
 * limits it to two regions, so every other region reports "not-opted-in".
 */
export function optInStatus(region: RegionInfo): "opt-in-not-required" | "opted-in" | "not-opted-in" {
  if (!isEnabledRegion(region.name)) return "not-opted-in";
  return region.optIn ? "opted-in" : "opt-in-not-required";
}
