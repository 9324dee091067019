import { DescribeInstancesCommand, DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import { ListClustersCommand } from "@aws-sdk/client-eks";
import type { AwsConfig } from "./config";
import type { RoleTarget } from "./assume-role";
import { openSession, type AwsSession } from "./session";

export type RegionDiscovery = { enabled: string[]; withResources: string[] };

/**
 * The account's enabled regions (DescribeRegions lists only those by default), and which of them
 * hold EC2 instances or EKS clusters: the default selection of regions to monitor.
 */
export async function discoverRegions(config: AwsConfig, target: RoleTarget, home: AwsSession): Promise<RegionDiscovery> {
  const enabled = await listEnabledRegions(home);
  const found = await Promise.all(
    enabled.map(async (region) => {
      const session = openSession(config, target, region, home.counter);
      try {
        const instances = await session.call((c) => c.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 })));
        if ((instances.Reservations ?? []).some((r) => (r.Instances ?? []).length > 0)) return region;
        const clusters = await session.call((c) => c.eks.send(new ListClustersCommand({ maxResults: 1 })));
        return (clusters.clusters ?? []).length > 0 ? region : null;
      } catch {
        // A region we cannot read is simply not a default; the connection's health will say why.
        return null;
      } finally {
        session.close();
      }
    }),
  );
  return { enabled, withResources: found.filter((r): r is string => r !== null) };
}

/** The account's enabled regions: DescribeRegions without AllRegions leaves out opt-in regions not opted into. */
export async function listEnabledRegions(home: AwsSession): Promise<string[]> {
  const out = await home.call((c) => c.ec2.send(new DescribeRegionsCommand({})));
  return (out.Regions ?? []).map((r) => r.RegionName).filter((r): r is string => Boolean(r)).sort();
}
