import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, startAwsSim } from "../../../sim/aws/index";
import { adminConfig } from "./helpers";

const METRICS = ["CPUUtilization", "NetworkIn", "NetworkOut", "DiskReadBytes", "DiskWriteBytes", "DiskReadOps", "DiskWriteOps", "StatusCheckFailed"];

describe("aws-sim at scale", () => {
  let sim: AwsSim;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0, scale: { instances: 2000 } });
  });
  afterAll(async () => {
    await sim.close();
  });

  it("answers 32 GetMetricData calls of 500 queries for 2,000 instances × 8 metrics within a few seconds", async () => {
    expect(sim.scenario.instances.total).toBe(2000);
    // 2,000 instances × 8 metrics = 16,000 queries ≈ 32 calls of 500 (one partial batch per region).
    const all: Array<{ region: string; queries: MetricDataQuery[] }> = [];
    for (const region of sim.scenario.enabledRegions) {
      const ids = sim.scenario.instances.all.filter((i) => i.region === region).map((i) => i.instanceId);
      const queries: MetricDataQuery[] = ids.flatMap((id, i) =>
        METRICS.map((metric, m) => ({
          Id: `m${i}_${m}`,
          MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: metric, Dimensions: [{ Name: "InstanceId", Value: id }] }, Period: 300, Stat: "Average" },
        })),
      );
      for (let i = 0; i < queries.length; i += 500) all.push({ region, queries: queries.slice(i, i + 500) });
    }
    const batches = all.sort((a, b) => b.queries.length - a.queries.length).slice(0, 32);
    expect(batches.filter((b) => b.queries.length === 500).length).toBeGreaterThanOrEqual(30);
    const clients = Object.fromEntries(sim.scenario.enabledRegions.map((region) => [region, new CloudWatchClient(adminConfig(sim, region))]));
    const cw = clients["us-east-1"] as CloudWatchClient;
    const end = new Date(Math.floor(sim.now().getTime() / 300_000) * 300_000 - 300_000);
    const start = new Date(end.getTime() - 20 * 60_000);
    const warm = await cw.send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: batches[0]?.queries.slice(0, 1) }));
    expect(warm.MetricDataResults).toHaveLength(1);

    const started = performance.now();
    const results = await Promise.all(
      batches.map(({ region, queries }) =>
        (clients[region] as CloudWatchClient).send(new GetMetricDataCommand({ StartTime: start, EndTime: end, MetricDataQueries: queries })),
      ),
    );
    const elapsed = performance.now() - started;
    const datapoints = results.flatMap((r) => r.MetricDataResults ?? []).reduce((n, r) => n + (r.Values?.length ?? 0), 0);
    expect(results.every((r, i) => r.MetricDataResults?.length === batches[i]?.queries.length && !r.NextToken)).toBe(true);
    expect(datapoints).toBeGreaterThan(32 * 500 * 3);
    console.log(`[aws-sim benchmark] 32 × 500 queries, ${datapoints} datapoints in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(3_000);
  });
});
