import { DescribeAddressesCommand, DescribeInstancesCommand, DescribeVolumesCommand, type Tag } from "@aws-sdk/client-ec2";
import { DescribeClusterCommand, DescribeNodegroupCommand, ListClustersCommand, ListNodegroupsCommand } from "@aws-sdk/client-eks";
import { deniedAction, isAccessDenied } from "@/lib/aws/aws-errors";
import type { AwsSession } from "@/lib/aws/session";
import type { RESOURCE_KINDS } from "@/db/tables/aws";

export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** One resource as AWS shows it now. */
export type ObservedResource = {
  kind: ResourceKind;
  resourceId: string;
  name: string | null;
  state: string | null;
  attributes: Record<string, unknown>;
  tags: Record<string, string>;
  /** Since when this state holds, when AWS says (an instance's LaunchTime is its last start). */
  since?: Date;
};

export type Inventory = { resources: ObservedResource[]; listedKinds: ResourceKind[]; denied: string[] };

const tagsOf = (tags: Tag[] | undefined): Record<string, string> =>
  Object.fromEntries((tags ?? []).filter((t) => t.Key).map((t) => [t.Key as string, t.Value ?? ""]));

const iso = (d: Date | undefined) => (d ? new Date(d).toISOString() : null);

/** "User initiated (2024-05-01 12:00:00 GMT)": when a stop or termination happened. */
export function transitionTime(reason: string | undefined): Date | undefined {
  const match = /\((\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) GMT\)/.exec(reason ?? "");
  return match ? new Date(`${match[1]}T${match[2]}Z`) : undefined;
}

async function instances(session: AwsSession): Promise<ObservedResource[]> {
  const out: ObservedResource[] = [];
  let token: string | undefined;
  do {
    const page = await session.call((c) => c.ec2.send(new DescribeInstancesCommand({ MaxResults: 1000, ...(token ? { NextToken: token } : {}) })));
    for (const reservation of page.Reservations ?? []) {
      for (const i of reservation.Instances ?? []) {
        if (!i.InstanceId) continue;
        const state = i.State?.Name ?? null;
        const tags = tagsOf(i.Tags);
        const running = state === "running" || state === "pending";
        out.push({
          kind: "ec2_instance",
          resourceId: i.InstanceId,
          name: tags.Name ?? null,
          state,
          tags,
          attributes: {
            instanceType: i.InstanceType ?? null,
            availabilityZone: i.Placement?.AvailabilityZone ?? null,
            launchTime: iso(i.LaunchTime),
            imageId: i.ImageId ?? null,
            vpcId: i.VpcId ?? null,
            subnetId: i.SubnetId ?? null,
            privateIpAddress: i.PrivateIpAddress ?? null,
            publicIpAddress: i.PublicIpAddress ?? null,
            platform: i.PlatformDetails ?? null,
            architecture: i.Architecture ?? null,
            lifecycle: i.InstanceLifecycle ?? "on-demand",
            rootVolumeIds: (i.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId).filter(Boolean),
          },
          ...(running && i.LaunchTime ? { since: new Date(i.LaunchTime) } : {}),
          ...(!running && transitionTime(i.StateTransitionReason) ? { since: transitionTime(i.StateTransitionReason) } : {}),
        });
      }
    }
    token = page.NextToken;
  } while (token);
  return out;
}

async function volumes(session: AwsSession): Promise<ObservedResource[]> {
  const out: ObservedResource[] = [];
  let token: string | undefined;
  do {
    const page = await session.call((c) => c.ec2.send(new DescribeVolumesCommand({ MaxResults: 500, ...(token ? { NextToken: token } : {}) })));
    for (const v of page.Volumes ?? []) {
      if (!v.VolumeId) continue;
      const tags = tagsOf(v.Tags);
      const attachment = v.Attachments?.[0];
      out.push({
        kind: "ebs_volume",
        resourceId: v.VolumeId,
        name: tags.Name ?? null,
        state: v.State ?? null,
        tags,
        attributes: {
          sizeGiB: v.Size ?? null,
          volumeType: v.VolumeType ?? null,
          iops: v.Iops ?? null,
          availabilityZone: v.AvailabilityZone ?? null,
          createTime: iso(v.CreateTime),
          attachedTo: attachment?.InstanceId ?? null,
          device: attachment?.Device ?? null,
          deleteOnTermination: attachment?.DeleteOnTermination ?? null,
        },
        ...(v.CreateTime ? { since: new Date(v.CreateTime) } : {}),
      });
    }
    token = page.NextToken;
  } while (token);
  return out;
}

async function addresses(session: AwsSession): Promise<ObservedResource[]> {
  const page = await session.call((c) => c.ec2.send(new DescribeAddressesCommand({})));
  return (page.Addresses ?? [])
    .filter((a) => a.AllocationId ?? a.PublicIp)
    .map((a) => {
      const tags = tagsOf(a.Tags);
      return {
        kind: "elastic_ip" as const,
        resourceId: (a.AllocationId ?? a.PublicIp) as string,
        name: tags.Name ?? a.PublicIp ?? null,
        state: a.AssociationId ? "associated" : "unassociated",
        tags,
        attributes: { publicIp: a.PublicIp ?? null, instanceId: a.InstanceId ?? null, associationId: a.AssociationId ?? null, privateIpAddress: a.PrivateIpAddress ?? null },
      };
    });
}

async function eks(session: AwsSession): Promise<ObservedResource[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await session.call((c) => c.eks.send(new ListClustersCommand({ maxResults: 100, ...(token ? { nextToken: token } : {}) })));
    names.push(...(page.clusters ?? []));
    token = page.nextToken;
  } while (token);
  const out: ObservedResource[] = [];
  for (const name of names) {
    const { cluster } = await session.call((c) => c.eks.send(new DescribeClusterCommand({ name })));
    out.push({
      kind: "eks_cluster",
      resourceId: name,
      name,
      state: cluster?.status ?? null,
      tags: cluster?.tags ?? {},
      attributes: { arn: cluster?.arn ?? null, version: cluster?.version ?? null, platformVersion: cluster?.platformVersion ?? null, createdAt: iso(cluster?.createdAt), vpcId: cluster?.resourcesVpcConfig?.vpcId ?? null },
      ...(cluster?.createdAt ? { since: new Date(cluster.createdAt) } : {}),
    });
    const groups: string[] = [];
    let groupToken: string | undefined;
    do {
      const page = await session.call((c) => c.eks.send(new ListNodegroupsCommand({ clusterName: name, ...(groupToken ? { nextToken: groupToken } : {}) })));
      groups.push(...(page.nodegroups ?? []));
      groupToken = page.nextToken;
    } while (groupToken);
    for (const groupName of groups) {
      const { nodegroup: g } = await session.call((c) => c.eks.send(new DescribeNodegroupCommand({ clusterName: name, nodegroupName: groupName })));
      out.push({
        kind: "eks_nodegroup",
        resourceId: `${name}/${groupName}`,
        name: groupName,
        state: g?.status ?? null,
        tags: g?.tags ?? {},
        attributes: {
          clusterName: name,
          instanceTypes: g?.instanceTypes ?? [],
          capacityType: g?.capacityType ?? null,
          minSize: g?.scalingConfig?.minSize ?? null,
          maxSize: g?.scalingConfig?.maxSize ?? null,
          desiredSize: g?.scalingConfig?.desiredSize ?? null,
          createdAt: iso(g?.createdAt),
        },
        ...(g?.createdAt ? { since: new Date(g.createdAt) } : {}),
      });
    }
  }
  return out;
}

const READERS: Array<{ kinds: ResourceKind[]; permission: string; read: (s: AwsSession) => Promise<ObservedResource[]> }> = [
  { kinds: ["ec2_instance"], permission: "ec2:DescribeInstances", read: instances },
  { kinds: ["ebs_volume"], permission: "ec2:DescribeVolumes", read: volumes },
  { kinds: ["elastic_ip"], permission: "ec2:DescribeAddresses", read: addresses },
  { kinds: ["eks_cluster", "eks_nodegroup"], permission: "eks:ListClusters", read: eks },
];

/**
 * Everything in one region. A kind whose permission is denied is left out of listedKinds, so
 * its stored resources are not taken for vanished.
 */
export async function describeInventory(session: AwsSession): Promise<Inventory> {
  const results = await Promise.all(
    READERS.map(async (reader) => {
      try {
        return { kinds: reader.kinds, resources: await reader.read(session), denied: null };
      } catch (error) {
        if (!isAccessDenied(error)) throw error;
        return { kinds: [] as ResourceKind[], resources: [], denied: deniedAction(error, reader.permission) };
      }
    }),
  );
  return {
    resources: results.flatMap((r) => r.resources),
    listedKinds: results.flatMap((r) => r.kinds),
    denied: results.map((r) => r.denied).filter((d): d is string => d !== null),
  };
}
