import {
  DescribeAddressesCommand, DescribeInstancesCommand, DescribeRegionsCommand, DescribeVolumesCommand, EC2Client,
  type Instance, paginateDescribeInstances,
} from "@aws-sdk/client-ec2";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, awsSimClientConfig, startAwsSim } from "../../../sim/aws/index";
import { expectAwsError, readOnlyConfig } from "./helpers";

describe("aws-sim EC2", () => {
  let sim: AwsSim;
  let ec2: EC2Client;
  let ec2Eu: EC2Client;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0 });
    ec2 = new EC2Client(await readOnlyConfig(sim));
    ec2Eu = new EC2Client(await readOnlyConfig(sim, "eu-west-1"));
  });
  afterEach(() => sim.resetClock());
  afterAll(async () => {
    ec2.destroy();
    ec2Eu.destroy();
    await sim.close();
  });

  const instancesOf = async (client: EC2Client, input: ConstructorParameters<typeof DescribeInstancesCommand>[0] = {}): Promise<Instance[]> => {
    const out = await client.send(new DescribeInstancesCommand(input));
    return (out.Reservations ?? []).flatMap((r) => r.Instances ?? []);
  };

  it("lists the enabled regions, and the full list with OptInStatus on request", async () => {
    const enabled = await ec2.send(new DescribeRegionsCommand({}));
    expect(enabled.Regions?.map((r) => r.RegionName).sort()).toEqual(["eu-west-1", "us-east-1"]);
    const all = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions?.length).toBeGreaterThan(25);
    expect(all.Regions?.find((r) => r.RegionName === "af-south-1")?.OptInStatus).toBe("not-opted-in");
    expect(all.Regions?.find((r) => r.RegionName === "us-east-1")?.OptInStatus).toBe("opt-in-not-required");
  });

  it("describes ~25 instances across the two regions with reservations and tags", async () => {
    const us = await instancesOf(ec2);
    const eu = await instancesOf(ec2Eu);
    expect(us.length + eu.length).toBe(sim.scenario.instances.total);
    expect(sim.scenario.instances.total).toBe(25);
    expect(eu.length).toBeGreaterThan(0);
    const types = new Set([...us, ...eu].map((i) => i.InstanceType));
    expect([...types].some((t) => /^(m4|t2|c4|r4)\./.test(t ?? ""))).toBe(true);
    const hot = us.find((i) => i.InstanceId === sim.scenario.instances.hot.instanceId);
    expect(hot?.State?.Name).toBe("running");
    expect(hot?.Tags).toEqual(expect.arrayContaining([{ Key: "team", Value: "search" }, { Key: "Name", Value: "search-indexer-1" }]));
    expect(hot?.LaunchTime).toBeInstanceOf(Date);
  });

  it("paginates DescribeInstances with MaxResults and NextToken", async () => {
    const all = await instancesOf(ec2);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) {
      pages++;
      const ids = (page.Reservations ?? []).flatMap((r) => r.Instances ?? []).map((i) => i.InstanceId ?? "");
      expect(ids.length).toBeLessThanOrEqual(5);
      seen.push(...ids);
    }
    expect(pages).toBe(Math.ceil(all.length / 5));
    expect(new Set(seen).size).toBe(all.length);
    await expectAwsError(ec2.send(new DescribeInstancesCommand({ MaxResults: 5, NextToken: "garbage" })), "InvalidPaginationToken", 400);
    await expectAwsError(ec2.send(new DescribeInstancesCommand({ MaxResults: 2 })), "InvalidParameterValue", 400);
  });

  it("filters by state, tag, tag-key and instance id", async () => {
    const stopped = await instancesOf(ec2, { Filters: [{ Name: "instance-state-name", Values: ["stopped"] }] });
    expect(stopped.map((i) => i.InstanceId)).toEqual([sim.scenario.instances.stopped.instanceId]);
    const search = await instancesOf(ec2, { Filters: [{ Name: "tag:team", Values: ["search"] }] });
    expect(search.length).toBeGreaterThan(0);
    expect(search.every((i) => i.Tags?.some((t) => t.Key === "team" && t.Value === "search"))).toBe(true);
    const eksNodes = await instancesOf(ec2, { Filters: [{ Name: "tag-key", Values: ["eks:cluster-name"] }] });
    expect(eksNodes.length).toBe(sim.scenario.clusters.reduce((n, c) => n + c.nodeInstanceIds.length, 0));
    const byId = await instancesOf(ec2, { Filters: [{ Name: "instance-id", Values: [sim.scenario.instances.idle.instanceId] }] });
    expect(byId.map((i) => i.InstanceType)).toEqual(["m4.large"]);
    const combined = await instancesOf(ec2, {
      Filters: [{ Name: "tag:env", Values: ["prod"] }, { Name: "instance-state-name", Values: ["running", "pending"] }],
    });
    expect(combined.every((i) => i.Tags?.some((t) => t.Key === "env" && t.Value === "prod"))).toBe(true);
    await expectAwsError(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0000000000000000f"] })), "InvalidInstanceID.NotFound", 400);
  });

  it("launches one instance during the current UTC day", async () => {
    const launching = sim.scenario.instances.launching;
    const launchTime = new Date(launching.launchTime);
    expect(launchTime.toISOString().slice(0, 10)).toBe(sim.scenario.anchor.slice(0, 10));
    sim.setClock({ fixedTime: new Date(launchTime.getTime() - 60_000).toISOString() });
    expect((await instancesOf(ec2)).some((i) => i.InstanceId === launching.instanceId)).toBe(false);
    sim.setClock({ fixedTime: new Date(launchTime.getTime() + 10 * 60_000).toISOString() });
    const after = await instancesOf(ec2, { InstanceIds: [launching.instanceId] });
    expect(after[0]?.State?.Name).toBe("running");
    expect(after[0]?.LaunchTime?.getTime()).toBe(launchTime.getTime());
  });

  it("shows the terminated instance for about an hour, then drops it", async () => {
    const terminating = sim.scenario.instances.terminating;
    const at = (ms: number): void => void sim.setClock({ fixedTime: new Date(new Date(terminating.terminateTime).getTime() + ms).toISOString() });
    at(-60_000);
    expect((await instancesOf(ec2Eu, { InstanceIds: [terminating.instanceId] }))[0]?.State).toEqual({ Code: 16, Name: "running" });
    at(5 * 60_000);
    expect((await instancesOf(ec2Eu, { InstanceIds: [terminating.instanceId] }))[0]?.State).toEqual({ Code: 48, Name: "terminated" });
    at(2 * 3_600_000);
    expect((await instancesOf(ec2Eu)).some((i) => i.InstanceId === terminating.instanceId)).toBe(false);
  });

  it("describes volumes: the stopped instance keeps its attached volume, unattached gp2 volumes exist", async () => {
    const volumes = (await ec2.send(new DescribeVolumesCommand({}))).Volumes ?? [];
    const stoppedVolume = volumes.find((v) => v.VolumeId === sim.scenario.instances.stopped.volumeId);
    expect(stoppedVolume?.State).toBe("in-use");
    expect(stoppedVolume?.VolumeType).toBe("gp2");
    expect(stoppedVolume?.Attachments?.[0]?.InstanceId).toBe(sim.scenario.instances.stopped.instanceId);
    const available = (await ec2.send(new DescribeVolumesCommand({ Filters: [{ Name: "status", Values: ["available"] }] }))).Volumes ?? [];
    expect(available.length).toBeGreaterThan(0);
    expect(available.every((v) => (v.Attachments ?? []).length === 0)).toBe(true);
    expect(available.some((v) => v.VolumeType === "gp2")).toBe(true);
    expect(sim.scenario.volumes.unattachedGp2VolumeIds.length).toBeGreaterThan(0);
    const page = await ec2.send(new DescribeVolumesCommand({ MaxResults: 5 }));
    expect(page.Volumes?.length).toBe(5);
    expect(page.NextToken).toBeTruthy();
  });

  it("describes Elastic IPs including unassociated ones", async () => {
    const addresses = (await ec2.send(new DescribeAddressesCommand({}))).Addresses ?? [];
    const unassociated = addresses.filter((a) => !a.AssociationId);
    expect(unassociated.length).toBeGreaterThan(0);
    expect(unassociated.every((a) => sim.scenario.addresses.unassociatedAllocationIds.includes(a.AllocationId ?? ""))).toBe(true);
    expect(addresses.find((a) => a.InstanceId === sim.scenario.instances.hot.instanceId)?.Domain).toBe("vpc");
  });

  it("refuses regions that are not enabled and callers without EC2 permissions", async () => {
    const disabled = new EC2Client(await readOnlyConfig(sim, "ap-southeast-2"));
    await expectAwsError(disabled.send(new DescribeInstancesCommand({})), "AuthFailure", 401);
    const platform = new EC2Client(awsSimClientConfig(sim));
    const denied = await expectAwsError(platform.send(new DescribeInstancesCommand({})), "UnauthorizedOperation", 403);
    expect(denied.message).toContain("is not authorized to perform: ec2:DescribeInstances");
    const badSecret = new EC2Client(awsSimClientConfig(sim, {
      credentials: { accessKeyId: sim.scenario.accountAdmin.accessKeyId, secretAccessKey: "WrongSecretWrongSecretWrongSecretWrong00" },
    }));
    await expectAwsError(badSecret.send(new DescribeRegionsCommand({})), "AuthFailure", 401);
  });
});
