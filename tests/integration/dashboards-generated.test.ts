import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectInventory, collectMetrics, runSync } from "@/lib/collect";
import { loadDashboardView, type PanelDataMap, type WidgetView } from "@/lib/dashboards";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * The generated dashboards over what the collectors stored from the simulated account: the hot
 * instance tops the CPU list, the crash-looping pod is listed, instances without the CloudWatch
 * agent explain how to install it.
 */
let t: TestDatabase;
let sim: AwsSim;
let ctx: TenantContext;
let connection: Connection;
let now: Date;
const REGION = "us-east-1";

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  const anchor = Date.parse(sim.scenario.anchor);
  now = new Date(anchor + 50 * MINUTE);
  sim.setClock({ fixedTime: now.toISOString() });
  ctx = await createTenant(t.db);
  connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx) } });
  for (const [kind, collect] of [["inventory", collectInventory], ["metrics", collectMetrics]] as const) {
    await runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: REGION, kind }, collect);
  }
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const view = (ref: string) => loadDashboardView({ ctx, ref, from: new Date(now.getTime() - 3 * 60 * MINUTE), to: now, now });
function panel<K extends keyof PanelDataMap>(widgets: WidgetView[], id: string, name: K): PanelDataMap[K] {
  const w = widgets.find((x) => x.widget.id === id);
  if (w?.data.kind !== "panel" || w.data.panel !== name) throw new Error(`${id}: ${JSON.stringify(w?.data)}`);
  return w.data.data as PanelDataMap[K];
}

describe("generated dashboards over collected data", () => {
  it("overview: states by region, the hot instance first by CPU, clusters with the crash-looping pod", async () => {
    const { widgets } = await view("overview");
    expect(widgets.filter((w) => w.data.kind === "error")).toEqual([]);
    const states = panel(widgets, "instance-states", "instance-states");
    expect(states.total).toBeGreaterThan(0);
    expect(states.regions.map((r) => r.region)).toEqual([REGION]);
    const top = panel(widgets, "top-cpu", "top-cpu");
    expect(top.instances[0].id).toBe(sim.scenario.instances.hot.instanceId);
    expect(top.instances[0].avg).toBeGreaterThan(80);
    const eks = panel(widgets, "eks-health", "eks-health");
    const pod = sim.scenario.crashLoopingPod;
    expect(eks.clusters.find((c) => c.name === pod.clusterName)).toMatchObject({ crashLooping: 1, status: "ACTIVE" });
    expect(panel(widgets, "last-sync", "last-sync").connections[0].runs.map((r) => r.kind).sort()).toEqual(["inventory", "metrics"]);
  });

  it("EKS cluster: the pod in CrashLoopBackOff by namespace/pod, node groups with sizes, node and pod series", async () => {
    const pod = sim.scenario.crashLoopingPod;
    const { widgets } = await view(`eks-cluster.${pod.clusterName}`);
    expect(widgets.filter((w) => w.data.kind === "error")).toEqual([]);
    expect(panel(widgets, "crashloop", "crashloop-pods").pods).toEqual([{ namespace: pod.namespace, pod: pod.podName, restarts: expect.any(Number) }]);
    const groups = panel(widgets, "node-groups", "node-groups").groups;
    expect(groups.length).toBeGreaterThan(0);
    expect(groups[0]).toMatchObject({ status: "ACTIVE", desired: expect.any(Number) });
    for (const id of ["nodes", "node-util", "pod-cpu", "restarts"]) {
      const w = widgets.find((x) => x.widget.id === id)!;
      expect(w.data.kind === "metric" && w.data.series.length > 0, id).toBe(true);
    }
  });

  it("EC2 instance: the agent's metrics where it runs, the install explanation where it does not", async () => {
    const agentIds = new Set(sim.scenario.instances.agentInstanceIds);
    const withAgent = await view(`ec2-instance.${[...agentIds].find((id) => id !== sim.scenario.instances.stopped?.instanceId)}`);
    const memory = withAgent.widgets.find((w) => w.widget.id === "memory")!.data;
    expect(memory).toMatchObject({ kind: "metric", help: null });
    expect(memory.kind === "metric" && memory.series.length).toBe(1);
    const hot = sim.scenario.instances.hot.instanceId;
    if (!agentIds.has(hot)) {
      const without = (await view(`ec2-instance.${hot}`)).widgets.find((w) => w.widget.id === "disk-used")!.data;
      expect(without).toMatchObject({ kind: "metric", series: [], help: { title: expect.stringMatching(/CloudWatch agent/) } });
    }
  });
});
