import { CostExplorerClient, GetCostAndUsageCommand } from "@aws-sdk/client-cost-explorer";
import { DescribeInstancesCommand, DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { CloudWatchClient, ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, startAwsSim } from "../../../sim/aws/index";
import { adminConfig, captureAwsError, expectAwsError, isoDay, readOnlyConfig } from "./helpers";

describe("aws-sim faults", () => {
  let sim: AwsSim;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0 });
  });
  afterEach(() => sim.resetFaults());
  afterAll(async () => {
    await sim.close();
  });

  const costInput = () => ({
    TimePeriod: { Start: isoDay(new Date(sim.now().getTime() - 5 * 86_400_000)), End: isoDay(sim.now()) },
    Granularity: "DAILY" as const,
    Metrics: ["UnblendedCost"],
  });

  it("throttles with each protocol's code", async () => {
    sim.setFaults({ throttle: [{ rate: 1 }] });
    await expectAwsError(new CostExplorerClient(adminConfig(sim)).send(new GetCostAndUsageCommand(costInput())), "ThrottlingException", 400);
    await expectAwsError(new EC2Client(adminConfig(sim)).send(new DescribeRegionsCommand({})), "RequestLimitExceeded", 503);
    await expectAwsError(new STSClient(adminConfig(sim)).send(new GetCallerIdentityCommand({})), "Throttling", 400);
    await expectAwsError(new CloudWatchClient(adminConfig(sim)).send(new ListMetricsCommand({})), "Throttling", 400);
  });

  it("throttles a fraction of calls, deterministically for a seed, scoped to one service", async () => {
    const run = async (): Promise<boolean[]> => {
      sim.setFaults({ seed: 7, throttle: [{ rate: 0.5, service: "ec2", action: "DescribeRegions" }] });
      const ec2 = new EC2Client(adminConfig(sim));
      const outcomes: boolean[] = [];
      for (let i = 0; i < 40; i++) {
        outcomes.push(await ec2.send(new DescribeRegionsCommand({})).then(() => true, () => false));
      }
      // Other actions and services are untouched.
      await expect(ec2.send(new DescribeInstancesCommand({}))).resolves.toBeDefined();
      return outcomes;
    };
    const first = await run();
    const failures = first.filter((ok) => !ok).length;
    expect(failures).toBeGreaterThan(8);
    expect(failures).toBeLessThan(32);
    expect(await run()).toEqual(first);
  });

  it("fails exactly the next N calls, and the SDK's retries recover", async () => {
    sim.setFaults({ failNext: [{ count: 2, error: 500, service: "sts" }] });
    const sts = new STSClient(adminConfig(sim));
    await expectAwsError(sts.send(new GetCallerIdentityCommand({})), "InternalFailure", 500);
    await expectAwsError(sts.send(new GetCallerIdentityCommand({})), "InternalFailure", 500);
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Account: "123456789012" });

    sim.setFaults({ failNext: [{ count: 2, error: 503 }] });
    const retrying = new STSClient({ ...adminConfig(sim), maxAttempts: 3 });
    const result = await retrying.send(new GetCallerIdentityCommand({}));
    expect(result.$metadata.attempts).toBe(3);
  });

  it("adds latency", async () => {
    sim.setFaults({ latency: [{ ms: 300, service: "sts" }] });
    const started = Date.now();
    await new STSClient(adminConfig(sim)).send(new GetCallerIdentityCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("denies one action for every role", async () => {
    const ce = new CostExplorerClient(await readOnlyConfig(sim));
    await expect(ce.send(new GetCostAndUsageCommand(costInput()))).resolves.toBeDefined();
    sim.setFaults({ deny: ["ce:GetCostAndUsage"] });
    const error = await expectAwsError(ce.send(new GetCostAndUsageCommand(costInput())), "AccessDeniedException", 400);
    expect(error.message).toContain("ce:GetCostAndUsage");
    expect(error.message).toContain("explicit deny");
  });

  it("never answers a timed-out region until the client gives up", async () => {
    // @smithy/node-http-handler 4.14 only warns on requestTimeout unless throwOnRequestTimeout is set.
    sim.setFaults({ timeoutRegions: ["eu-west-1"] });
    const slow = new EC2Client({ ...(await readOnlyConfig(sim, "eu-west-1")), requestHandler: new NodeHttpHandler({ requestTimeout: 400, throwOnRequestTimeout: true }) });
    const started = Date.now();
    const error = await captureAwsError(slow.send(new DescribeInstancesCommand({})));
    expect(error.name).toBe("TimeoutError");
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    const us = new EC2Client(await readOnlyConfig(sim));
    await expect(us.send(new DescribeInstancesCommand({}))).resolves.toBeDefined();
  });

  it("is configurable through the unsigned admin endpoint", async () => {
    const set = await fetch(`${sim.url}/_sim/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ failNext: [{ count: 1, error: "throttle", service: "ec2" }] }),
    });
    expect(set.status).toBe(200);
    const ec2 = new EC2Client(adminConfig(sim));
    await expectAwsError(ec2.send(new DescribeRegionsCommand({})), "RequestLimitExceeded", 503);
    await expect(ec2.send(new DescribeRegionsCommand({}))).resolves.toBeDefined();
    const bad = await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ throttle: [{ rate: 2 }] }) });
    expect(bad.status).toBe(400);
    await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ throttle: [{ rate: 1 }] }) });
    const reset = await fetch(`${sim.url}/_sim/faults`, { method: "DELETE" });
    expect(((await reset.json()) as { throttle: unknown[] }).throttle).toEqual([]);
    await expect(ec2.send(new DescribeRegionsCommand({}))).resolves.toBeDefined();
  });

  it("starts with faults from options", async () => {
    const faulty = await startAwsSim({ port: 0, faults: { serverError: [{ rate: 1, status: 503, service: "sts" }] } });
    try {
      await expectAwsError(new STSClient(adminConfig(faulty)).send(new GetCallerIdentityCommand({})), "ServiceUnavailable", 503);
    } finally {
      await faulty.close();
    }
  });
});
