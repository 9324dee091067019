import { hashString, hexId, unitNoise } from "./random";
import { cpuProfile, makeInstance } from "./scenario-instances";
import type { SimCluster, SimInstance, SimNodegroup, SimPod } from "./scenario-types";

const DAY = 86_400_000;

interface NodegroupPlan {
  name: string;
  instanceType: string;
  count: number;
  capacityType: "ON_DEMAND" | "SPOT";
}

interface PodPlan {
  namespace: string;
  deployment: string;
  replicas: number;
}

interface ClusterPlan {
  name: string;
  region: string;
  version: string;
  env: string;
  ageDays: number;
  nodegroups: NodegroupPlan[];
  pods: PodPlan[];
}

export const CLUSTER_PLANS: readonly ClusterPlan[] = [
  {
    name: "prod-main",
    region: "us-east-1",
    version: "1.31",
    env: "prod",
    ageDays: 240,
    nodegroups: [
      { name: "general", instanceType: "m5.large", count: 3, capacityType: "ON_DEMAND" },
      { name: "batch-spot", instanceType: "c5.xlarge", count: 2, capacityType: "SPOT" },
    ],
    pods: [
      { namespace: "payments", deployment: "payments-api", replicas: 3 },
      { namespace: "payments", deployment: "payments-worker", replicas: 1 },
      { namespace: "search", deployment: "search-api", replicas: 2 },
      { namespace: "kube-system", deployment: "coredns", replicas: 2 },
    ],
  },
  {
    name: "staging",
    region: "us-east-1",
    version: "1.30",
    env: "staging",
    ageDays: 150,
    nodegroups: [{ name: "default", instanceType: "t3.large", count: 2, capacityType: "ON_DEMAND" }],
    pods: [
      { namespace: "payments", deployment: "payments-api", replicas: 1 },
      { namespace: "search", deployment: "search-api", replicas: 1 },
      { namespace: "kube-system", deployment: "coredns", replicas: 2 },
    ],
  },
];

/** The pod stuck in CrashLoopBackOff: the payments worker in prod-main. */
export const CRASH_LOOP = { clusterName: "prod-main", namespace: "payments", deployment: "payments-worker" } as const;

export const NODE_COUNT = CLUSTER_PLANS.reduce(
  (sum, plan) => sum + plan.nodegroups.reduce((n, group) => n + group.count, 0),
  0,
);

export interface BuiltClusters {
  clusters: SimCluster[];
  nodes: SimInstance[];
}

export function buildClusters(seed: number, accountId: string, anchor: Date, firstOrdinal: number): BuiltClusters {
  const clusters: SimCluster[] = [];
  const nodes: SimInstance[] = [];
  let ordinal = firstOrdinal;
  for (const plan of CLUSTER_PLANS) {
    const createdAt = new Date(anchor.getTime() - plan.ageDays * DAY);
    const nodegroups: SimNodegroup[] = [];
    const clusterNodes: SimInstance[] = [];
    for (const [index, group] of plan.nodegroups.entries()) {
      const groupCreated = new Date(createdAt.getTime() + (index + 1) * 3_600_000);
      const instanceIds: string[] = [];
      for (let n = 0; n < group.count; n++) {
        const node = makeInstance({
          seed,
          ordinal,
          region: plan.region,
          instanceType: group.instanceType,
          // Nodes are replaced on AMI updates, so they are younger than their group.
          launchTime: new Date(anchor.getTime() - (12 + n * 3 + index) * DAY),
          tags: {
            Name: `${plan.name}-${group.name}-node`,
            "eks:cluster-name": plan.name,
            "eks:nodegroup-name": group.name,
            [`kubernetes.io/cluster/${plan.name}`]: "owned",
            team: "platform",
            env: plan.env,
            service: "eks",
          },
          cwAgent: false,
          cpu: cpuProfile(seed, ordinal, plan.region),
          eks: { clusterName: plan.name, nodegroupName: group.name },
        });
        ordinal++;
        instanceIds.push(node.instanceId);
        clusterNodes.push(node);
      }
      nodegroups.push({
        nodegroupName: group.name,
        clusterName: plan.name,
        arn: `arn:aws:eks:${plan.region}:${accountId}:nodegroup/${plan.name}/${group.name}/${hexId(8, seed, 40, index)}-${hexId(4, seed, 41, index)}-${hexId(4, seed, 42, index)}-${hexId(4, seed, 43, index)}-${hexId(12, seed, 44, index)}`,
        instanceType: group.instanceType,
        capacityType: group.capacityType,
        desiredSize: group.count,
        minSize: 1,
        maxSize: group.count * 2,
        amiType: "AL2023_x86_64_STANDARD",
        createdAt: groupCreated,
        instanceIds,
        subnetIds: [...new Set(clusterNodes.map((node) => node.subnetId))],
        labels: { "eks.amazonaws.com/nodegroup": group.name },
      });
    }
    const pods: SimPod[] = [];
    let podIndex = 0;
    for (const pod of plan.pods) {
      const replicaSet = hexId(9, seed, 50, hashString(`${plan.name}/${pod.deployment}`)).replace(/[0-1]/g, "b");
      for (let replica = 0; replica < pod.replicas; replica++) {
        const suffix = hexId(5, seed, 51, hashString(`${plan.name}/${pod.deployment}`), replica).replace(/[0-1]/g, "x");
        const podName = `${pod.deployment}-${replicaSet}-${suffix}`;
        const node = clusterNodes[podIndex % clusterNodes.length] as SimInstance;
        const crashLoops =
          plan.name === CRASH_LOOP.clusterName &&
          pod.namespace === CRASH_LOOP.namespace &&
          pod.deployment === CRASH_LOOP.deployment &&
          replica === 0;
        pods.push({
          clusterName: plan.name,
          namespace: pod.namespace,
          podName,
          nodeName: node.privateDnsName,
          crashLoopSince: crashLoops ? new Date(anchor.getTime() - 3 * 3_600_000) : null,
          cpu: { ...cpuProfile(seed, 900 + podIndex, plan.region), base: 5 + unitNoise(seed, 52, podIndex) * 40 },
          key: hashString(`${plan.name}/${pod.namespace}/${podName}`),
        });
        podIndex++;
      }
    }
    clusters.push({
      name: plan.name,
      region: plan.region,
      arn: `arn:aws:eks:${plan.region}:${accountId}:cluster/${plan.name}`,
      version: plan.version,
      platformVersion: `eks.${plan.version === "1.31" ? 12 : 16}`,
      createdAt,
      endpoint: `https://${hexId(32, seed, 60, hashString(plan.name)).toUpperCase()}.gr7.${plan.region}.eks.amazonaws.com`,
      roleArn: `arn:aws:iam::${accountId}:role/eks-cluster-role-${plan.name}`,
      vpcId: clusterNodes[0]?.vpcId ?? "",
      subnetIds: [...new Set(clusterNodes.map((node) => node.subnetId))],
      nodegroups,
      pods,
      tags: { env: plan.env, team: "platform" },
    });
    nodes.push(...clusterNodes);
  }
  return { clusters, nodes };
}
