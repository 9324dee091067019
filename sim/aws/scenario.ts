import { hexId, unitNoise } from "./random";
import { CRASH_LOOP, NODE_COUNT, buildClusters } from "./scenario-eks";
import { makeGenericInstances, makeInstance } from "./scenario-instances";
import type { SimAddress, SimCluster, SimInstance, SimVolume, VolumeType } from "./scenario-types";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const SIM_ACCOUNT_ID = "123456789012";
export const DEFAULT_INSTANCE_COUNT = 25;
const SPECIAL_COUNT = 5;
export const MIN_INSTANCE_COUNT = SPECIAL_COUNT + NODE_COUNT;

export interface ScenarioOptions {
  seed: number;
  /** Total EC2 instances, EKS nodes included. */
  instances: number;
  /** Reference instant (start of the hour the simulator started) for "today" events. */
  anchor: Date;
}

export interface SpecialInstances {
  hot: string;
  idle: string;
  stopped: string;
  launching: string;
  terminating: string;
}

export interface Scenario {
  seed: number;
  accountId: string;
  anchor: Date;
  instances: SimInstance[];
  volumes: SimVolume[];
  addresses: SimAddress[];
  clusters: SimCluster[];
  special: SpecialInstances;
}

export function buildScenario(options: ScenarioOptions): Scenario {
  const { seed, anchor } = options;
  const total = Math.max(MIN_INSTANCE_COUNT, Math.floor(options.instances));
  const dayStart = Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate());
  const at = (ms: number): Date => new Date(ms);

  const hot = makeInstance({
    seed, ordinal: 0, region: "us-east-1", instanceType: "c5.xlarge",
    launchTime: at(anchor.getTime() - 120 * DAY),
    tags: { Name: "search-indexer-1", team: "search", env: "prod", service: "indexer" },
    cwAgent: true,
    cpu: { base: 95, dailyAmplitude: 0.01, weekendFactor: 1, noise: 1.2, peakHourUtc: 15, min: 90, max: 99.5 },
  });
  const idle = makeInstance({
    seed, ordinal: 1, region: "us-east-1", instanceType: "m4.large",
    launchTime: at(anchor.getTime() - 200 * DAY),
    tags: { Name: "legacy-etl-box", team: "data", env: "dev", service: "etl" },
    cwAgent: false,
    cpu: { base: 0.9, dailyAmplitude: 0.2, weekendFactor: 0.9, noise: 0.3, peakHourUtc: 12, min: 0.2, max: 1.8 },
  });
  const stopped = makeInstance({
    seed, ordinal: 2, region: "us-east-1", instanceType: "t2.medium",
    launchTime: at(anchor.getTime() - 300 * DAY),
    stopTime: at(anchor.getTime() - 5 * DAY),
    tags: { Name: "old-bastion", team: "platform", env: "staging", service: "bastion" },
    cwAgent: false, rootVolumeType: "gp2",
    cpu: { base: 3, dailyAmplitude: 0.3, weekendFactor: 0.8, noise: 1, peakHourUtc: 14, min: 0.5, max: 20 },
  });
  // "Today" events are anchored to the hour the simulator started, so they fall
  // on the current UTC day and stay put while the clock is moved.
  const launching = makeInstance({
    seed, ordinal: 3, region: "us-east-1", instanceType: "t3.large",
    launchTime: at(Math.max(dayStart, anchor.getTime() - 45 * MINUTE)),
    tags: { Name: "payments-api-canary", team: "payments", env: "prod", service: "api" },
    cwAgent: true,
    cpu: { base: 35, dailyAmplitude: 0.3, weekendFactor: 0.7, noise: 3, peakHourUtc: 15, min: 1, max: 100 },
  });
  const terminating = makeInstance({
    seed, ordinal: 4, region: "eu-west-1", instanceType: "t3.medium",
    launchTime: at(anchor.getTime() - 3 * DAY),
    terminateTime: at(anchor.getTime() + 30 * MINUTE),
    tags: { Name: "search-web-temp", team: "search", env: "staging", service: "web" },
    cwAgent: false,
    cpu: { base: 25, dailyAmplitude: 0.4, weekendFactor: 0.6, noise: 3, peakHourUtc: 11, min: 1, max: 100 },
  });
  const specials = [hot, idle, stopped, launching, terminating];
  const eks = buildClusters(seed, SIM_ACCOUNT_ID, anchor, 10);
  const generic = makeGenericInstances(seed, total - MIN_INSTANCE_COUNT, 1000, anchor);
  const instances = [...specials, ...eks.nodes, ...generic];

  return {
    seed,
    accountId: SIM_ACCOUNT_ID,
    anchor,
    instances,
    volumes: buildVolumes(seed, instances, anchor),
    addresses: buildAddresses(seed, hot, generic),
    clusters: eks.clusters,
    special: {
      hot: hot.instanceId,
      idle: idle.instanceId,
      stopped: stopped.instanceId,
      launching: launching.instanceId,
      terminating: terminating.instanceId,
    },
  };
}

function buildVolumes(seed: number, instances: SimInstance[], anchor: Date): SimVolume[] {
  const volumes: SimVolume[] = instances.map((instance) => ({
    volumeId: instance.rootVolumeId,
    region: instance.region,
    availabilityZone: instance.availabilityZone,
    sizeGiB: instance.rootVolumeSizeGiB,
    volumeType: instance.rootVolumeType,
    iops: instance.rootVolumeType === "gp3" ? 3000 : Math.max(100, instance.rootVolumeSizeGiB * 3),
    throughput: instance.rootVolumeType === "gp3" ? 125 : null,
    createTime: instance.launchTime,
    attachment: { instanceId: instance.instanceId, device: "/dev/xvda", deleteOnTermination: true },
    tags: {},
  }));
  // Forgotten volumes: left behind by deleted instances, paid for every month.
  const unattachedCount = 4 + Math.floor(Math.max(0, instances.length - 25) / 20);
  const types: VolumeType[] = ["gp2", "gp2", "gp3", "st1"];
  for (let i = 0; i < unattachedCount; i++) {
    const volumeType = types[i % types.length] as VolumeType;
    const region = i % 4 === 2 ? "eu-west-1" : "us-east-1";
    const sizeGiB = volumeType === "st1" ? 500 : [50, 100, 200][i % 3] as number;
    volumes.push({
      volumeId: `vol-${hexId(17, seed, 70, i)}`,
      region,
      availabilityZone: `${region}${"abc"[i % 3]}`,
      sizeGiB,
      volumeType,
      iops: volumeType === "gp3" ? 3000 : volumeType === "gp2" ? sizeGiB * 3 : null,
      throughput: volumeType === "gp3" ? 125 : null,
      createTime: new Date(anchor.getTime() - Math.floor((30 + unitNoise(seed, 71, i) * 170) * DAY)),
      attachment: null,
      tags: { Name: `orphaned-data-${i + 1}` },
    });
  }
  return volumes;
}

function buildAddresses(seed: number, hot: SimInstance, generic: SimInstance[]): SimAddress[] {
  const web = generic.find((instance) => instance.region === "us-east-1") ?? hot;
  const addresses: SimAddress[] = [hot, web].map((instance, i) => ({
    allocationId: `eipalloc-${hexId(17, seed, 80, i)}`,
    publicIp: `52.${20 + i}.${(seed + i * 7) % 250}.${10 + i}`,
    region: instance.region,
    instanceId: instance.instanceId,
    associationId: `eipassoc-${hexId(17, seed, 81, i)}`,
    privateIp: instance.privateIp,
    tags: { Name: `${instance.tags.Name ?? "instance"}-eip` },
  }));
  // Unassociated Elastic IPs are billed hourly: a classic cost-control finding.
  for (let i = 0; i < 3; i++) {
    addresses.push({
      allocationId: `eipalloc-${hexId(17, seed, 82, i)}`,
      publicIp: `3.${90 + i}.${(seed * 3 + i) % 250}.${100 + i}`,
      region: i === 2 ? "eu-west-1" : "us-east-1",
      instanceId: null,
      associationId: null,
      privateIp: null,
      tags: { Name: `unused-eip-${i + 1}` },
    });
  }
  return addresses;
}

export { CRASH_LOOP };
