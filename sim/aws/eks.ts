import { type CallContext, type RawRequest, type ResolvedCall, type ServiceModule, jsonResponse } from "./protocols";
import { decodePageToken, encodePageToken } from "./query-params";
import { hashString, hexId } from "./random";
import type { Scenario } from "./scenario";
import type { SimCluster, SimNodegroup } from "./scenario-types";
import { SimError } from "./sim-error";

type RouteHandler = (ctx: CallContext, params: string[], query: URLSearchParams) => unknown;

interface Route {
  method: string;
  pattern: RegExp;
  action: string;
  handle: RouteHandler;
}

const seconds = (date: Date): number => date.getTime() / 1000;

function clusterJson(cluster: SimCluster, accountId: string): Record<string, unknown> {
  const oidcId = hexId(32, hashString(cluster.name), 1).toUpperCase();
  return {
    name: cluster.name,
    arn: cluster.arn,
    createdAt: seconds(cluster.createdAt),
    version: cluster.version,
    endpoint: cluster.endpoint,
    roleArn: cluster.roleArn,
    resourcesVpcConfig: {
      subnetIds: cluster.subnetIds,
      securityGroupIds: [],
      clusterSecurityGroupId: `sg-0${hexId(16, hashString(cluster.name), 2)}`,
      vpcId: cluster.vpcId,
      endpointPublicAccess: true,
      endpointPrivateAccess: true,
      publicAccessCidrs: ["0.0.0.0/0"],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: "172.20.0.0/16", ipFamily: "ipv4" },
    logging: { clusterLogging: [{ types: ["api", "audit", "authenticator", "controllerManager", "scheduler"], enabled: false }] },
    identity: { oidc: { issuer: `https://oidc.eks.${cluster.region}.amazonaws.com/id/${oidcId}` } },
    status: "ACTIVE",
    certificateAuthority: { data: Buffer.from(`simulated CA for ${cluster.name} in ${accountId}`).toString("base64") },
    platformVersion: cluster.platformVersion,
    tags: cluster.tags,
    accessConfig: { authenticationMode: "API_AND_CONFIG_MAP" },
  };
}

function nodegroupJson(group: SimNodegroup, cluster: SimCluster, accountId: string): Record<string, unknown> {
  return {
    nodegroupName: group.nodegroupName,
    nodegroupArn: group.arn,
    clusterName: group.clusterName,
    version: cluster.version,
    releaseVersion: `${cluster.version}.0-20250101`,
    createdAt: seconds(group.createdAt),
    modifiedAt: seconds(group.createdAt),
    status: "ACTIVE",
    capacityType: group.capacityType,
    scalingConfig: { minSize: group.minSize, maxSize: group.maxSize, desiredSize: group.desiredSize },
    instanceTypes: [group.instanceType],
    subnets: group.subnetIds,
    amiType: group.amiType,
    nodeRole: `arn:aws:iam::${accountId}:role/eks-node-role-${cluster.name}`,
    labels: group.labels,
    resources: { autoScalingGroups: [{ name: `eks-${group.nodegroupName}-${group.arn.split("/").pop() ?? ""}` }] },
    diskSize: 20,
    health: { issues: [] },
    updateConfig: { maxUnavailable: 1 },
    tags: {},
  };
}

function page<T>(items: T[], query: URLSearchParams, fingerprint: string): { items: T[]; nextToken: string | undefined } {
  const raw = query.get("maxResults");
  const maxResults = raw === null ? 100 : Number(raw);
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100) {
    throw new SimError("Validation", "maxResults must be between 1 and 100");
  }
  const token = query.get("nextToken");
  const offset = token === null ? 0 : decodePageToken(token, fingerprint);
  const end = offset + maxResults;
  return { items: items.slice(offset, end), nextToken: end < items.length ? encodePageToken(end, fingerprint) : undefined };
}

export function createEksService(scenario: Scenario): ServiceModule {
  const findCluster = (ctx: CallContext, name: string): SimCluster => {
    const cluster = scenario.clusters.find((c) => c.region === ctx.region && c.name === name);
    if (!cluster) {
      throw new SimError({ code: "ResourceNotFoundException", status: 404 }, `No cluster found for name: ${name}.`, { clusterName: name });
    }
    return cluster;
  };
  const routes: Route[] = [
    {
      method: "GET",
      pattern: /^\/clusters\/?$/,
      action: "ListClusters",
      handle: (ctx, _params, query) => {
        const names = scenario.clusters.filter((c) => c.region === ctx.region).map((c) => c.name);
        const result = page(names, query, `${ctx.region}|clusters`);
        return { clusters: result.items, ...(result.nextToken ? { nextToken: result.nextToken } : {}) };
      },
    },
    {
      method: "GET",
      pattern: /^\/clusters\/([^/]+)\/?$/,
      action: "DescribeCluster",
      handle: (ctx, [name = ""]) => ({ cluster: clusterJson(findCluster(ctx, name), scenario.accountId) }),
    },
    {
      method: "GET",
      pattern: /^\/clusters\/([^/]+)\/node-groups\/?$/,
      action: "ListNodegroups",
      handle: (ctx, [name = ""], query) => {
        const cluster = findCluster(ctx, name);
        const result = page(cluster.nodegroups.map((g) => g.nodegroupName), query, `${ctx.region}|${name}|nodegroups`);
        return { nodegroups: result.items, ...(result.nextToken ? { nextToken: result.nextToken } : {}) };
      },
    },
    {
      method: "GET",
      pattern: /^\/clusters\/([^/]+)\/node-groups\/([^/]+)\/?$/,
      action: "DescribeNodegroup",
      handle: (ctx, [name = "", groupName = ""]) => {
        const cluster = findCluster(ctx, name);
        const group = cluster.nodegroups.find((g) => g.nodegroupName === groupName);
        if (!group) {
          throw new SimError({ code: "ResourceNotFoundException", status: 404 }, `No node group found for name: ${groupName}.`, {
            clusterName: name,
            nodegroupName: groupName,
          });
        }
        return { nodegroup: nodegroupJson(group, cluster, scenario.accountId) };
      },
    },
  ];

  return {
    name: "eks",
    signingName: "eks",
    protocol: "rest-json",
    regional: true,
    resolve(request: RawRequest): ResolvedCall {
      for (const route of routes) {
        const match = route.pattern.exec(request.path);
        if (!match || route.method !== request.method) continue;
        const params = match.slice(1).map((p) => decodeURIComponent(p));
        return {
          action: route.action,
          selfAuthorizing: false,
          execute: (ctx) => jsonResponse("rest-json", route.handle(ctx, params, request.query), ctx.requestId),
        };
      }
      throw new SimError("InvalidAction", `No route for ${request.method} ${request.path}`);
    },
  };
}
