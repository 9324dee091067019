import {
  DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, ListClustersCommand, ListNodegroupsCommand,
  ResourceNotFoundException, paginateListClusters,
} from "@aws-sdk/client-eks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, startAwsSim } from "../../../sim/aws/index";
import { expectAwsError, readOnlyConfig } from "./helpers";

describe("aws-sim EKS", () => {
  let sim: AwsSim;
  let eks: EKSClient;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0 });
    eks = new EKSClient(await readOnlyConfig(sim));
  });
  afterAll(async () => {
    eks.destroy();
    await sim.close();
  });

  it("lists both clusters, one page at a time with nextToken", async () => {
    const names: string[] = [];
    let pages = 0;
    for await (const page of paginateListClusters({ client: eks, pageSize: 1 }, {})) {
      pages++;
      expect(page.clusters?.length).toBe(1);
      names.push(...(page.clusters ?? []));
    }
    expect(pages).toBe(2);
    expect(names.sort()).toEqual(sim.scenario.clusters.map((c) => c.name).sort());
    const all = await eks.send(new ListClustersCommand({}));
    expect(all.nextToken).toBeUndefined();
  });

  it("describes a cluster", async () => {
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: "prod-main" }));
    expect(cluster?.status).toBe("ACTIVE");
    expect(cluster?.arn).toBe("arn:aws:eks:us-east-1:123456789012:cluster/prod-main");
    expect(cluster?.version).toBe("1.31");
    expect(cluster?.createdAt).toBeInstanceOf(Date);
    expect(cluster?.createdAt?.getTime()).toBeLessThan(sim.now().getTime());
    expect(cluster?.resourcesVpcConfig?.vpcId).toMatch(/^vpc-/);
  });

  it("lists and describes node groups with pagination", async () => {
    const first = await eks.send(new ListNodegroupsCommand({ clusterName: "prod-main", maxResults: 1 }));
    expect(first.nodegroups).toHaveLength(1);
    expect(first.nextToken).toBeTruthy();
    const second = await eks.send(new ListNodegroupsCommand({ clusterName: "prod-main", maxResults: 1, nextToken: first.nextToken }));
    expect(second.nextToken).toBeUndefined();
    expect([...(first.nodegroups ?? []), ...(second.nodegroups ?? [])].sort()).toEqual(["batch-spot", "general"]);
    const { nodegroup } = await eks.send(new DescribeNodegroupCommand({ clusterName: "prod-main", nodegroupName: "batch-spot" }));
    expect(nodegroup?.capacityType).toBe("SPOT");
    expect(nodegroup?.scalingConfig).toEqual({ minSize: 1, maxSize: 4, desiredSize: 2 });
    expect(nodegroup?.instanceTypes).toEqual(["c5.xlarge"]);
  });

  it("reports unknown clusters and node groups as ResourceNotFoundException", async () => {
    const error = await expectAwsError(eks.send(new DescribeClusterCommand({ name: "nope" })), "ResourceNotFoundException", 404);
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.message).toBe("No cluster found for name: nope.");
    await expectAwsError(eks.send(new DescribeNodegroupCommand({ clusterName: "prod-main", nodegroupName: "nope" })), "ResourceNotFoundException", 404);
  });

  it("has no clusters in eu-west-1", async () => {
    const eu = new EKSClient(await readOnlyConfig(sim, "eu-west-1"));
    expect((await eu.send(new ListClustersCommand({}))).clusters).toEqual([]);
  });
});
