import {
  CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, ListMetricsCommand, type MetricDataQuery,
  ValidationException, paginateListMetrics,
} from "@aws-sdk/client-cloudwatch";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AwsSim, assumeSimRole, awsSimClientConfig, startAwsSim } from "../../../sim/aws/index";
import { DAY_MS, expectAwsError, readOnlyConfig } from "./helpers";

const cpuQuery = (id: string, instanceId: string, period: number, stat = "Average"): MetricDataQuery => ({
  Id: id,
  MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: "CPUUtilization", Dimensions: [{ Name: "InstanceId", Value: instanceId }] }, Period: period, Stat: stat },
});

describe("aws-sim CloudWatch", () => {
  let sim: AwsSim;
  let cw: CloudWatchClient;

  beforeAll(async () => {
    sim = await startAwsSim({ port: 0 });
    cw = new CloudWatchClient(await readOnlyConfig(sim));
  });
  afterEach(() => sim.resetClock());
  afterAll(async () => {
    cw.destroy();
    await sim.close();
  });

  const window = (hours: number): Pick<GetMetricDataCommandInput, "StartTime" | "EndTime"> => {
    const end = sim.now();
    return { StartTime: new Date(end.getTime() - hours * 3_600_000), EndTime: end };
  };
  const valuesOf = async (input: GetMetricDataCommandInput): Promise<Record<string, number[]>> => {
    const out = await cw.send(new GetMetricDataCommand(input));
    return Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id ?? "", r.Values ?? []]));
  };

  it("keeps the hot instance near 95 % and the idle one under 2 % for weeks", async () => {
    const { hot, idle } = sim.scenario.instances;
    const values = await valuesOf({
      ...window(24 * 14),
      MetricDataQueries: [cpuQuery("hot", hot.instanceId, 3600), cpuQuery("idle", idle.instanceId, 3600, "Maximum"), cpuQuery("hotmin", hot.instanceId, 3600, "Minimum")],
    });
    const hotValues = values.hot ?? [];
    expect(hotValues.length).toBeGreaterThan(300);
    const mean = hotValues.reduce((a, b) => a + b, 0) / hotValues.length;
    expect(mean).toBeGreaterThan(93);
    expect(mean).toBeLessThan(97);
    expect(Math.min(...(values.hotmin ?? []))).toBeGreaterThan(89);
    expect(values.idle?.length).toBeGreaterThan(300);
    expect(Math.max(...(values.idle ?? []))).toBeLessThan(2);
  });

  it("answers the same window identically twice, newest first by default", async () => {
    const generic = sim.scenario.instances.all.find((i) => i.name.includes("-") && i.region === "us-east-1" && !i.name.startsWith("prod-main"));
    const end = Math.floor(sim.now().getTime() / 300_000) * 300_000 - DAY_MS;
    const input: GetMetricDataCommandInput = {
      StartTime: new Date(end - 2 * DAY_MS),
      EndTime: new Date(end),
      MetricDataQueries: [cpuQuery("a", generic?.instanceId ?? "", 300), cpuQuery("p", generic?.instanceId ?? "", 3600, "p95")],
    };
    const first = await cw.send(new GetMetricDataCommand(input));
    const second = await cw.send(new GetMetricDataCommand(input));
    expect(second.MetricDataResults).toEqual(first.MetricDataResults);
    const timestamps = first.MetricDataResults?.[0]?.Timestamps ?? [];
    expect(timestamps.length).toBe(576);
    expect((timestamps[0]?.getTime() ?? 0) > (timestamps[1]?.getTime() ?? 0)).toBe(true);
    const ascending = await cw.send(new GetMetricDataCommand({ ...input, ScanBy: "TimestampAscending" }));
    expect(ascending.MetricDataResults?.[0]?.Values).toEqual([...(first.MetricDataResults?.[0]?.Values ?? [])].reverse());
    expect(first.MetricDataResults?.[0]?.StatusCode).toBe("Complete");
  });

  it("has no datapoints in the last ~2 minutes nor for a stopped instance", async () => {
    const now = sim.now().getTime();
    const { stopped, hot } = sim.scenario.instances;
    const out = await cw.send(new GetMetricDataCommand({
      ...window(1),
      MetricDataQueries: [
        { Id: "hot", MetricStat: { Metric: { Namespace: "CWAgent", MetricName: "mem_used_percent", Dimensions: [{ Name: "InstanceId", Value: hot.instanceId }] }, Period: 60, Stat: "Average" } },
        cpuQuery("stopped", stopped.instanceId, 300),
      ],
    }));
    const hotTimes = out.MetricDataResults?.[0]?.Timestamps ?? [];
    expect(hotTimes.length).toBeGreaterThan(50);
    expect(hotTimes[0]?.getTime()).toBeLessThanOrEqual(now - 120_000);
    expect(hotTimes[0]?.getTime()).toBeGreaterThan(now - 240_000);
    expect(out.MetricDataResults?.[1]?.Values).toEqual([]);
    const beforeStop = new Date(new Date(stopped.stoppedAt).getTime() - 3_600_000);
    const earlier = await valuesOf({ StartTime: new Date(beforeStop.getTime() - 3_600_000), EndTime: beforeStop, MetricDataQueries: [cpuQuery("s", stopped.instanceId, 300)] });
    expect(earlier.s?.length).toBe(12);
  });

  it("paginates with NextToken when the datapoint budget is exceeded", async () => {
    const { hot, idle } = sim.scenario.instances;
    const input: GetMetricDataCommandInput = { ...window(6), MaxDatapoints: 50, MetricDataQueries: [cpuQuery("hot", hot.instanceId, 300), cpuQuery("idle", idle.instanceId, 300)] };
    const merged: Record<string, number[]> = {};
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await cw.send(new GetMetricDataCommand({ ...input, NextToken: token }));
      pages++;
      for (const r of out.MetricDataResults ?? []) merged[r.Id ?? ""] = [...(merged[r.Id ?? ""] ?? []), ...(r.Values ?? [])];
      if (out.NextToken) expect(out.MetricDataResults?.at(-1)?.StatusCode).toBe("PartialData");
      token = out.NextToken;
    } while (token);
    expect(pages).toBeGreaterThan(1);
    const whole = await valuesOf({ ...input, MaxDatapoints: undefined });
    expect(merged).toEqual(whole);
  });

  it("rejects more than 500 queries with ValidationError", async () => {
    const queries = Array.from({ length: 501 }, (_, i) => cpuQuery(`q${i}`, sim.scenario.instances.hot.instanceId, 300));
    const error = await expectAwsError(cw.send(new GetMetricDataCommand({ ...window(1), MetricDataQueries: queries })), "ValidationException", 400);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as unknown as { Code?: string }).Code).toBe("ValidationError");
    const ok = await cw.send(new GetMetricDataCommand({ ...window(1), MetricDataQueries: queries.slice(0, 500) }));
    expect(ok.MetricDataResults?.length).toBe(500);
  });

  it("lists CWAgent metrics only for instances running the agent, with the agent's dimensions", async () => {
    const metrics = (await cw.send(new ListMetricsCommand({ Namespace: "CWAgent" }))).Metrics ?? [];
    const withAgent = new Set(metrics.map((m) => m.Dimensions?.find((d) => d.Name === "InstanceId")?.Value));
    const expected = sim.scenario.instances.agentInstanceIds.filter((id) => sim.scenario.instances.all.find((i) => i.instanceId === id)?.region === "us-east-1");
    expect([...withAgent].sort()).toEqual([...expected].sort());
    expect(withAgent.has(sim.scenario.instances.idle.instanceId)).toBe(false);
    const disk = metrics.find((m) => m.MetricName === "disk_used_percent");
    expect(disk?.Dimensions?.map((d) => d.Name).sort()).toEqual(["InstanceId", "device", "fstype", "path"]);
    const filtered = (await cw.send(new ListMetricsCommand({ Namespace: "AWS/EC2", MetricName: "CPUUtilization", Dimensions: [{ Name: "InstanceId", Value: sim.scenario.instances.hot.instanceId }] }))).Metrics;
    expect(filtered).toHaveLength(1);
  });

  it("publishes Container Insights metrics with a crash-looping pod", async () => {
    const pod = sim.scenario.crashLoopingPod;
    const dims = [{ Name: "ClusterName", Value: pod.clusterName }, { Name: "Namespace", Value: pod.namespace }, { Name: "PodName", Value: pod.podName }];
    const ci = (id: string, metricName: string, dimensions = dims): MetricDataQuery => ({
      Id: id, MetricStat: { Metric: { Namespace: "ContainerInsights", MetricName: metricName, Dimensions: dimensions }, Period: 300, Stat: "Maximum" },
    });
    const values = await valuesOf({
      ...window(2),
      ScanBy: "TimestampAscending",
      MetricDataQueries: [
        ci("restarts", "pod_number_of_container_restarts"),
        ci("crash", "pod_container_status_waiting_reason_crash_loop_back_off"),
        ci("nodes", "cluster_node_count", [{ Name: "ClusterName", Value: pod.clusterName }]),
      ],
    });
    const restarts = values.restarts ?? [];
    expect(restarts.length).toBeGreaterThan(10);
    expect(restarts.at(-1) ?? 0).toBeGreaterThan(restarts[0] ?? 0);
    expect(new Set(values.crash)).toEqual(new Set([1]));
    expect(values.nodes?.[0]).toBe(5);
    const listed = (await cw.send(new ListMetricsCommand({ Namespace: "ContainerInsights", MetricName: "node_cpu_utilization" }))).Metrics ?? [];
    expect(listed.some((m) => m.Dimensions?.some((d) => d.Name === "NodeName"))).toBe(true);
  });

  it("paginates ListMetrics over a larger fleet", async () => {
    const big = await startAwsSim({ port: 0, scale: { instances: 100 } });
    try {
      const role = big.scenario.roles.readOnly;
      const client = new CloudWatchClient(awsSimClientConfig(big, { credentials: await assumeSimRole(big, { roleArn: role.roleArn, externalId: role.externalId }) }));
      let pages = 0;
      const keys = new Set<string>();
      for await (const page of paginateListMetrics({ client }, { Namespace: "AWS/EC2" })) {
        pages++;
        for (const m of page.Metrics ?? []) keys.add(`${m.MetricName}|${m.Dimensions?.[0]?.Value}`);
      }
      expect(pages).toBeGreaterThan(1);
      // Ten AWS/EC2 metrics per instance: CPU, 2 network, 4 disk, 3 status checks.
      const usInstances = big.scenario.instances.all.filter((i) => i.region === "us-east-1");
      expect(keys.size).toBe(usInstances.length * 10);
    } finally {
      await big.close();
    }
  });

  it("denies GetMetricData to the role lacking it", async () => {
    const role = sim.scenario.roles.noMetricData;
    const credentials = await assumeSimRole(sim, { roleArn: role.roleArn, externalId: role.externalId });
    const limited = new CloudWatchClient(awsSimClientConfig(sim, { credentials }));
    const error = await expectAwsError(limited.send(new GetMetricDataCommand({ ...window(1), MetricDataQueries: [cpuQuery("a", sim.scenario.instances.hot.instanceId, 300)] })), "AccessDenied", 403);
    expect(error.message).toContain("assumed-role/MonitrNoMetricData/monitr-sim is not authorized to perform: cloudwatch:GetMetricData");
    await expect(limited.send(new ListMetricsCommand({ Namespace: "AWS/EC2" }))).resolves.toBeDefined();
  });
});
