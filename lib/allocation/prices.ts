/*
 * On-demand list prices used to estimate resource-level costs (Cost Explorer gives costs by
 * service and by tag, not by resource). us-east-1 Linux on-demand prices, USD, as published by
 * AWS in 2025; applied to every region as an estimate. An instance type missing here has no
 * resource-level estimate: its cost stays in the tag-based part and the page says so.
 */
export const HOURS_PER_MONTH = 730;

export type InstanceSpec = { hourly: number; vcpu: number; memoryGiB: number };

export const INSTANCE_PRICES: Record<string, InstanceSpec> = {
  "t1.micro": { hourly: 0.02, vcpu: 1, memoryGiB: 0.6 },
  "t2.micro": { hourly: 0.0116, vcpu: 1, memoryGiB: 1 },
  "t2.small": { hourly: 0.023, vcpu: 1, memoryGiB: 2 },
  "t2.medium": { hourly: 0.0464, vcpu: 2, memoryGiB: 4 },
  "t2.large": { hourly: 0.0928, vcpu: 2, memoryGiB: 8 },
  "t3.micro": { hourly: 0.0104, vcpu: 2, memoryGiB: 1 },
  "t3.small": { hourly: 0.0208, vcpu: 2, memoryGiB: 2 },
  "t3.medium": { hourly: 0.0416, vcpu: 2, memoryGiB: 4 },
  "t3.large": { hourly: 0.0832, vcpu: 2, memoryGiB: 8 },
  "t3.xlarge": { hourly: 0.1664, vcpu: 4, memoryGiB: 16 },
  "m3.medium": { hourly: 0.067, vcpu: 1, memoryGiB: 3.75 },
  "m3.large": { hourly: 0.133, vcpu: 2, memoryGiB: 7.5 },
  "m4.large": { hourly: 0.1, vcpu: 2, memoryGiB: 8 },
  "m4.xlarge": { hourly: 0.2, vcpu: 4, memoryGiB: 16 },
  "m4.2xlarge": { hourly: 0.4, vcpu: 8, memoryGiB: 32 },
  "m5.large": { hourly: 0.096, vcpu: 2, memoryGiB: 8 },
  "m5.xlarge": { hourly: 0.192, vcpu: 4, memoryGiB: 16 },
  "m5.2xlarge": { hourly: 0.384, vcpu: 8, memoryGiB: 32 },
  "m6i.large": { hourly: 0.096, vcpu: 2, memoryGiB: 8 },
  "m6i.xlarge": { hourly: 0.192, vcpu: 4, memoryGiB: 16 },
  "c3.large": { hourly: 0.105, vcpu: 2, memoryGiB: 3.75 },
  "c4.large": { hourly: 0.1, vcpu: 2, memoryGiB: 3.75 },
  "c4.xlarge": { hourly: 0.199, vcpu: 4, memoryGiB: 7.5 },
  "c5.large": { hourly: 0.085, vcpu: 2, memoryGiB: 4 },
  "c5.xlarge": { hourly: 0.17, vcpu: 4, memoryGiB: 8 },
  "c6i.large": { hourly: 0.085, vcpu: 2, memoryGiB: 4 },
  "c6i.xlarge": { hourly: 0.17, vcpu: 4, memoryGiB: 8 },
  "r3.large": { hourly: 0.166, vcpu: 2, memoryGiB: 15.25 },
  "r4.large": { hourly: 0.133, vcpu: 2, memoryGiB: 15.25 },
  "r4.xlarge": { hourly: 0.266, vcpu: 4, memoryGiB: 30.5 },
  "r5.large": { hourly: 0.126, vcpu: 2, memoryGiB: 16 },
  "r5.xlarge": { hourly: 0.252, vcpu: 4, memoryGiB: 32 },
  "r6i.large": { hourly: 0.126, vcpu: 2, memoryGiB: 16 },
  "r6i.xlarge": { hourly: 0.252, vcpu: 4, memoryGiB: 32 },
};

/** EBS storage, USD per GiB-month. */
export const EBS_GB_MONTH: Record<string, number> = { gp2: 0.1, gp3: 0.08, io1: 0.125, io2: 0.125, st1: 0.045, sc1: 0.015, standard: 0.05 };

/** Every public IPv4 address (Elastic IPs included, associated or not) since February 2024. */
export const ELASTIC_IP_HOURLY = 0.005;

/** Previous-generation families and the current family that replaces each at a lower or equal price. */
export const SUCCESSOR_FAMILY: Record<string, string> = { t1: "t3", t2: "t3", m1: "m5", m3: "m5", m4: "m5", c1: "c5", c3: "c5", c4: "c5", r3: "r5", r4: "r5" };

export const familyOf = (instanceType: string): string => instanceType.split(".")[0] ?? instanceType;

export function instanceSpec(instanceType: string | null | undefined): InstanceSpec | null {
  return instanceType ? (INSTANCE_PRICES[instanceType] ?? null) : null;
}

/** The current-generation type of the same size, when the family is a previous generation. */
export function successorType(instanceType: string): string | null {
  const family = SUCCESSOR_FAMILY[familyOf(instanceType)];
  if (!family) return null;
  return `${family}.${instanceType.split(".").slice(1).join(".")}`;
}

export function volumeMonthly(volumeType: string | null | undefined, sizeGiB: number | null | undefined): number | null {
  const rate = volumeType ? EBS_GB_MONTH[volumeType] : undefined;
  return rate === undefined || !sizeGiB ? null : rate * sizeGiB;
}
