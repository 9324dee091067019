import { GetMetricDataCommand, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { GetCostAndUsageCommand, GetCostForecastCommand } from "@aws-sdk/client-cost-explorer";
import { DescribeAddressesCommand, DescribeInstancesCommand, DescribeRegionsCommand, DescribeVolumesCommand } from "@aws-sdk/client-ec2";
import { DescribeClusterCommand, DescribeNodegroupCommand, ListClustersCommand, ListNodegroupsCommand } from "@aws-sdk/client-eks";
import { awsErrorCode, awsErrorMessage, deniedAction, isAccessDenied, isAccessDeniedCode } from "./aws-errors";
import type { AwsClients } from "./clients";
import { awsNow } from "./config";
import type { AwsSession } from "./session";

export type PermissionCheck = { permission: string; ok: boolean; errorCode?: string; message?: string; fix?: string };

const day = (d: Date) => d.toISOString().slice(0, 10);
const DAY_MS = 86_400_000;

type Probe = {
  permission: string;
  run: (clients: AwsClients, now: Date) => Promise<unknown>;
  /** Error codes that prove the call got past IAM: the permission is there. */
  allowedIf?: string[];
};

// EKS checks permissions before it looks the cluster up, so asking about a cluster that cannot
// exist (names start with a letter or digit) costs nothing and tells granted (not found) from denied.
const NO_CLUSTER = "monitr-permission-probe";
const NOT_FOUND = ["ResourceNotFoundException"];

/** One cheap call per permission Monitr relies on. */
const PROBES: Probe[] = [
  { permission: "ec2:DescribeRegions", run: (c) => c.ec2.send(new DescribeRegionsCommand({})) },
  { permission: "ec2:DescribeInstances", run: (c) => c.ec2.send(new DescribeInstancesCommand({ MaxResults: 5 })) },
  { permission: "ec2:DescribeVolumes", run: (c) => c.ec2.send(new DescribeVolumesCommand({ MaxResults: 5 })) },
  { permission: "ec2:DescribeAddresses", run: (c) => c.ec2.send(new DescribeAddressesCommand({})) },
  { permission: "eks:ListClusters", run: (c) => c.eks.send(new ListClustersCommand({ maxResults: 1 })) },
  { permission: "eks:DescribeCluster", run: (c) => c.eks.send(new DescribeClusterCommand({ name: NO_CLUSTER })), allowedIf: NOT_FOUND },
  { permission: "eks:ListNodegroups", run: (c) => c.eks.send(new ListNodegroupsCommand({ clusterName: NO_CLUSTER, maxResults: 1 })), allowedIf: NOT_FOUND },
  {
    permission: "eks:DescribeNodegroup",
    run: (c) => c.eks.send(new DescribeNodegroupCommand({ clusterName: NO_CLUSTER, nodegroupName: NO_CLUSTER })),
    allowedIf: NOT_FOUND,
  },
  { permission: "tag:GetResources", run: (c) => c.tagging.getResources({ ResourcesPerPage: 1 }) },
  { permission: "cloudwatch:ListMetrics", run: (c) => c.cloudwatch.send(new ListMetricsCommand({ Namespace: "AWS/EC2", MetricName: "CPUUtilization" })) },
  {
    permission: "cloudwatch:GetMetricData",
    run: (c, now) =>
      c.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(Math.floor(now.getTime() / 300_000) * 300_000 - 600_000),
          EndTime: new Date(Math.floor(now.getTime() / 300_000) * 300_000),
          MetricDataQueries: [{ Id: "probe", MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: "CPUUtilization" }, Period: 300, Stat: "Average" } }],
        }),
      ),
  },
  {
    permission: "ce:GetCostAndUsage",
    run: (c, now) =>
      c.costExplorer.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: day(new Date(now.getTime() - 2 * DAY_MS)), End: day(new Date(now.getTime() - DAY_MS)) },
          Granularity: "DAILY",
          Metrics: ["UnblendedCost"],
        }),
      ),
  },
  {
    permission: "ce:GetCostForecast",
    run: (c, now) =>
      c.costExplorer.send(
        new GetCostForecastCommand({
          TimePeriod: { Start: day(now), End: day(new Date(now.getTime() + 2 * DAY_MS)) },
          Granularity: "DAILY",
          Metric: "UNBLENDED_COST",
        }),
      ),
  },
];

export function fixFor(permission: string): string {
  return `Add "${permission}" to the role's permissions policy (Monitr's CloudFormation template grants it), then test again.`;
}

/** Runs every probe; a failure is reported per permission, never thrown. */
export async function probePermissions(session: AwsSession): Promise<PermissionCheck[]> {
  const now = awsNow(session.config);
  return Promise.all(
    PROBES.map(async (probe): Promise<PermissionCheck> => {
      try {
        await session.call((clients) => probe.run(clients, now));
        return { permission: probe.permission, ok: true };
      } catch (error) {
        const errorCode = awsErrorCode(error);
        if (probe.allowedIf?.includes(errorCode)) return { permission: probe.permission, ok: true };
        if (isAccessDenied(error)) {
          const permission = deniedAction(error, probe.permission);
          return { permission: probe.permission, ok: false, errorCode, message: awsErrorMessage(error), fix: fixFor(permission) };
        }
        return { permission: probe.permission, ok: false, errorCode, message: awsErrorMessage(error), fix: "AWS did not answer this check; try again in a minute." };
      }
    }),
  );
}

export function missingPermissions(checks: PermissionCheck[]): string[] {
  return checks.filter((c) => !c.ok && c.errorCode !== undefined && isAccessDeniedCode(c.errorCode)).map((c) => c.permission);
}
