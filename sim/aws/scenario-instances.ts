import { hashString, hexId, mixHash, unitNoise } from "./random";
import type { CpuProfile, EksMembership, SimInstance } from "./scenario-types";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const TEAMS = ["payments", "search", "platform", "data"] as const;
export const ENVS = ["prod", "staging", "dev"] as const;
export const SERVICES = ["api", "web", "worker", "etl"] as const;

// Mixed current and previous generation (m4, t2, c4, r4) so rightsizing and
// modernisation checks have something to find.
const GENERIC_TYPES = [
  "t3.micro", "t3.medium", "t3.large", "m5.large", "m5.xlarge", "m6i.large", "c6i.xlarge",
  "r6i.large", "t2.micro", "t2.medium", "m4.large", "m4.xlarge", "c4.large", "r4.large",
] as const;

const REGION_NETWORK: Record<string, { vpcId: string; octet: number; dnsSuffix: string; ami: string }> = {
  "us-east-1": { vpcId: "vpc-0a1b2c3d4e5f60001", octet: 0, dnsSuffix: "ec2.internal", ami: "ami-0c7217cdde317cfec" },
  "eu-west-1": { vpcId: "vpc-0a1b2c3d4e5f60002", octet: 1, dnsSuffix: "eu-west-1.compute.internal", ami: "ami-0905a3c97561e0b69" },
};

export interface InstanceSeed {
  seed: number;
  ordinal: number;
  region: string;
  instanceType: string;
  launchTime: Date;
  stopTime?: Date;
  terminateTime?: Date;
  tags: Record<string, string>;
  cwAgent: boolean;
  cpu: CpuProfile;
  reservationId?: string;
  eks?: EksMembership;
  rootVolumeType?: "gp2" | "gp3";
}

export function makeInstance(input: InstanceSeed): SimInstance {
  const net = REGION_NETWORK[input.region] ?? REGION_NETWORK["us-east-1"];
  if (!net) throw new Error(`no network for ${input.region}`);
  const instanceId = `i-${hexId(17, input.seed, 1, input.ordinal)}`;
  const ipHash = mixHash(input.seed, 2, input.ordinal);
  const third = (ipHash >>> 8) % 64;
  const fourth = 4 + (ipHash % 250);
  const privateIp = `10.${net.octet}.${third}.${fourth}`;
  const zone = "abc"[third % 3] as string;
  return {
    instanceId,
    region: input.region,
    availabilityZone: `${input.region}${zone}`,
    instanceType: input.instanceType,
    imageId: net.ami,
    reservationId: input.reservationId ?? `r-${hexId(17, input.seed, 3, input.ordinal)}`,
    privateIp,
    privateDnsName: `ip-${privateIp.replaceAll(".", "-")}.${net.dnsSuffix}`,
    publicIp: ipHash % 3 === 0 ? `54.${(ipHash >>> 4) % 200}.${(ipHash >>> 12) % 250}.${(ipHash >>> 20) % 250}` : null,
    vpcId: net.vpcId,
    subnetId: `subnet-0${hexId(16, input.seed, 4, net.octet, third % 3)}`,
    tags: input.tags,
    launchTime: input.launchTime,
    stopTime: input.stopTime ?? null,
    terminateTime: input.terminateTime ?? null,
    rootVolumeId: `vol-${hexId(17, input.seed, 5, input.ordinal)}`,
    rootVolumeType: input.rootVolumeType ?? (ipHash % 4 === 0 ? "gp2" : "gp3"),
    rootVolumeSizeGiB: [8, 20, 30, 50, 100][ipHash % 5] as number,
    cwAgent: input.cwAgent,
    cpu: input.cpu,
    key: hashString(instanceId),
    eks: input.eks ?? null,
  };
}

export function cpuProfile(seed: number, ordinal: number, region: string): CpuProfile {
  const r = (salt: number): number => unitNoise(seed, 10 + salt, ordinal);
  const peak = region === "eu-west-1" ? 9 + r(1) * 5 : 14 + r(1) * 5;
  return {
    base: 6 + r(2) * 50,
    dailyAmplitude: 0.2 + r(3) * 0.45,
    weekendFactor: 0.45 + r(4) * 0.5,
    noise: 1.5 + r(5) * 4,
    peakHourUtc: peak,
    min: 0.5,
    max: 100,
  };
}

/** Ordinary workload instances filling the fleet up to the requested size. */
export function makeGenericInstances(seed: number, count: number, firstOrdinal: number, anchor: Date): SimInstance[] {
  const out: SimInstance[] = [];
  let previous: SimInstance | undefined;
  for (let i = 0; i < count; i++) {
    const ordinal = firstOrdinal + i;
    const r = (salt: number): number => unitNoise(seed, 100 + salt, ordinal);
    // About a third of instances were launched together with the previous one
    // (RunInstances --count): same reservation, region and launch time.
    const group = previous !== undefined && r(6) < 0.3 ? previous : undefined;
    const region = group?.region ?? (r(1) < 0.7 ? "us-east-1" : "eu-west-1");
    const team = TEAMS[Math.floor(r(2) * TEAMS.length)] as string;
    const env = ENVS[Math.floor(r(3) * ENVS.length)] as string;
    const service = SERVICES[Math.floor(r(4) * SERVICES.length)] as string;
    const tags: Record<string, string> = { Name: `${team}-${service}-${env}-${i + 1}`, env, service };
    // About one in eight instances misses its team tag, as in real accounts.
    if (r(5) >= 0.125) tags.team = team;
    const launchTime =
      group?.launchTime ??
      new Date(anchor.getTime() - Math.floor((20 + r(8) * 380) * DAY) - Math.floor(r(9) * 20) * HOUR);
    previous = makeInstance({
      seed,
      ordinal,
      region,
      instanceType: GENERIC_TYPES[Math.floor(r(7) * GENERIC_TYPES.length)] as string,
      launchTime,
      tags,
      cwAgent: i % 3 === 0,
      cpu: cpuProfile(seed, ordinal, region),
      ...(group ? { reservationId: group.reservationId } : {}),
    });
    out.push(previous);
  }
  return out;
}
