import {
  ACCOUNT_ADMIN_CREDENTIALS, OUTSIDER_ACCOUNT_ID, OUTSIDER_CREDENTIALS, PLATFORM_ACCOUNT_ID, PLATFORM_CREDENTIALS,
  SCENARIO_ROLES, type ScenarioRoleKey,
} from "./account";
import { COST_SERVICES, COST_TAG_VALUES, type CostModel } from "./cost-model";
import { ENABLED_REGIONS } from "./regions";
import type { Scenario } from "./scenario";
import type { SimInstance } from "./scenario-types";

export interface SimCredentialsInfo {
  accountId: string;
  userName: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SimRoleInfo {
  roleName: string;
  roleArn: string;
  externalId: string;
  /** IAM actions this role is NOT granted (empty for the full read-only role). */
  missingActions: string[];
}

export interface SimInstanceRef {
  instanceId: string;
  region: string;
  instanceType: string;
  name: string;
}

export interface AwsSimScenario {
  seed: number;
  accountId: string;
  enabledRegions: string[];
  /** Start of the hour the simulator started: "today" events are placed relative to it. */
  anchor: string;
  platform: SimCredentialsInfo;
  accountAdmin: SimCredentialsInfo;
  outsider: SimCredentialsInfo;
  roles: Record<ScenarioRoleKey, SimRoleInfo>;
  instances: {
    total: number;
    all: SimInstanceRef[];
    /** CPU ~95 % all the time. */
    hot: SimInstanceRef;
    /** CPU below 2 % for weeks. */
    idle: SimInstanceRef;
    /** Stopped five days before the anchor; its root volume stays attached. */
    stopped: SimInstanceRef & { stoppedAt: string; volumeId: string };
    /** Launched earlier on the anchor's UTC day. */
    launching: SimInstanceRef & { launchTime: string };
    /** Terminated 30 minutes after the anchor; visible as terminated for an hour after that. */
    terminating: SimInstanceRef & { terminateTime: string; goneAfter: string };
    /** Instances running the CloudWatch agent (CWAgent namespace metrics). */
    agentInstanceIds: string[];
    previousGenerationInstanceIds: string[];
  };
  volumes: { unattachedVolumeIds: string[]; unattachedGp2VolumeIds: string[] };
  addresses: { unassociatedAllocationIds: string[]; unassociatedPublicIps: string[] };
  clusters: Array<{ name: string; region: string; nodegroups: string[]; nodeInstanceIds: string[]; pods: string[] }>;
  crashLoopingPod: { clusterName: string; region: string; namespace: string; podName: string; since: string };
  costs: {
    firstDay: string;
    services: string[];
    tagKeys: string[];
    tagValues: Record<string, readonly string[]>;
    spike: { date: string; service: string; factor: number };
  };
}

const ref = (i: SimInstance): SimInstanceRef => ({ instanceId: i.instanceId, region: i.region, instanceType: i.instanceType, name: i.tags.Name ?? "" });

export function describeScenario(scenario: Scenario, costs: CostModel): AwsSimScenario {
  const byId = new Map(scenario.instances.map((i) => [i.instanceId, i]));
  const get = (id: string): SimInstance => {
    const instance = byId.get(id);
    if (!instance) throw new Error(`scenario instance ${id} missing`);
    return instance;
  };
  const stopped = get(scenario.special.stopped);
  const launching = get(scenario.special.launching);
  const terminating = get(scenario.special.terminating);
  const terminateTime = terminating.terminateTime ?? new Date(0);
  const unattached = scenario.volumes.filter((v) => v.attachment === null);
  const unassociated = scenario.addresses.filter((a) => a.associationId === null);
  const crashPod = scenario.clusters.flatMap((c) => c.pods.map((p) => ({ p, c }))).find(({ p }) => p.crashLoopSince !== null);
  if (!crashPod) throw new Error("scenario has no crash-looping pod");
  const roles = Object.fromEntries(
    Object.entries(SCENARIO_ROLES).map(([key, spec]) => [
      key,
      { roleName: spec.roleName, roleArn: `arn:aws:iam::${scenario.accountId}:role/${spec.roleName}`, externalId: spec.externalId, missingActions: [...spec.missing] },
    ]),
  ) as Record<ScenarioRoleKey, SimRoleInfo>;
  return {
    seed: scenario.seed,
    accountId: scenario.accountId,
    enabledRegions: [...ENABLED_REGIONS],
    anchor: scenario.anchor.toISOString(),
    platform: { accountId: PLATFORM_ACCOUNT_ID, userName: "monitr", arn: `arn:aws:iam::${PLATFORM_ACCOUNT_ID}:user/monitr`, ...PLATFORM_CREDENTIALS },
    accountAdmin: { accountId: scenario.accountId, userName: "sim-admin", arn: `arn:aws:iam::${scenario.accountId}:user/sim-admin`, ...ACCOUNT_ADMIN_CREDENTIALS },
    outsider: { accountId: OUTSIDER_ACCOUNT_ID, userName: "outsider", arn: `arn:aws:iam::${OUTSIDER_ACCOUNT_ID}:user/outsider`, ...OUTSIDER_CREDENTIALS },
    roles,
    instances: {
      total: scenario.instances.length,
      all: scenario.instances.map(ref),
      hot: ref(get(scenario.special.hot)),
      idle: ref(get(scenario.special.idle)),
      stopped: { ...ref(stopped), stoppedAt: (stopped.stopTime ?? new Date(0)).toISOString(), volumeId: stopped.rootVolumeId },
      launching: { ...ref(launching), launchTime: launching.launchTime.toISOString() },
      terminating: {
        ...ref(terminating),
        terminateTime: terminateTime.toISOString(),
        goneAfter: new Date(terminateTime.getTime() + 3_600_000).toISOString(),
      },
      agentInstanceIds: scenario.instances.filter((i) => i.cwAgent).map((i) => i.instanceId),
      previousGenerationInstanceIds: scenario.instances.filter((i) => /^(t2|m4|c4|r4)\./.test(i.instanceType)).map((i) => i.instanceId),
    },
    volumes: {
      unattachedVolumeIds: unattached.map((v) => v.volumeId),
      unattachedGp2VolumeIds: unattached.filter((v) => v.volumeType === "gp2").map((v) => v.volumeId),
    },
    addresses: {
      unassociatedAllocationIds: unassociated.map((a) => a.allocationId),
      unassociatedPublicIps: unassociated.map((a) => a.publicIp),
    },
    clusters: scenario.clusters.map((c) => ({
      name: c.name,
      region: c.region,
      nodegroups: c.nodegroups.map((g) => g.nodegroupName),
      nodeInstanceIds: c.nodegroups.flatMap((g) => g.instanceIds),
      pods: c.pods.map((p) => `${p.namespace}/${p.podName}`),
    })),
    crashLoopingPod: {
      clusterName: crashPod.c.name,
      region: crashPod.c.region,
      namespace: crashPod.p.namespace,
      podName: crashPod.p.podName,
      since: (crashPod.p.crashLoopSince ?? new Date(0)).toISOString(),
    },
    costs: {
      firstDay: costs.options.firstDay,
      services: COST_SERVICES.map((s) => s.name),
      tagKeys: Object.keys(COST_TAG_VALUES),
      tagValues: COST_TAG_VALUES,
      spike: { ...costs.options.spike },
    },
  };
}
