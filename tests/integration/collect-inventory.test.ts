import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, listResourcesAt, listSyncRuns, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectInventory, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, HOUR, MINUTE, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let ctx: TenantContext;
let connection: Connection;
let anchor: number;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  anchor = Date.parse(sim.scenario.anchor);
  sim.setClock({ fixedTime: new Date(anchor + 10 * MINUTE).toISOString() });
  ctx = await createTenant(t.db);
  connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx) } });
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const inventory = (region: string) =>
  runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: ctx.tenant.id, connectionId: connection.id, region, kind: "inventory" }, collectInventory);

const versionsOf = (resourceId: string) =>
  withTenant(
    ctx.tenant.id,
    (tx) => tx.select().from(schema.resources).where(eq(schema.resources.resourceId, resourceId)).orderBy(schema.resources.id),
    { db: t.db },
  );

describe("inventory", () => {
  it("records instances, volumes, addresses, clusters and node groups with their tags", async () => {
    for (const region of ["us-east-1", "eu-west-1"]) expect((await inventory(region)).status).toBe("succeeded");
    const current = await withTenant(
      ctx.tenant.id,
      (tx) => tx.select().from(schema.resources).where(and(isNull(schema.resources.validTo), isNull(schema.resources.recordedTo))),
      { db: t.db },
    );
    const ids = (kind: string) => current.filter((r) => r.kind === kind).map((r) => r.resourceId);
    const visible = sim.scenario.instances.all.filter((i) => i.instanceId !== sim.scenario.instances.launching.instanceId || Date.parse(sim.scenario.instances.launching.launchTime) <= anchor + 10 * MINUTE);
    expect(ids("ec2_instance").sort()).toEqual(visible.map((i) => i.instanceId).sort());
    expect(ids("eks_cluster").sort()).toEqual(sim.scenario.clusters.map((c) => c.name).sort());
    expect(ids("eks_nodegroup").length).toBe(sim.scenario.clusters.flatMap((c) => c.nodegroups).length);
    expect(ids("elastic_ip")).toEqual(expect.arrayContaining(sim.scenario.addresses.unassociatedAllocationIds));
    expect(ids("ebs_volume")).toEqual(expect.arrayContaining(sim.scenario.volumes.unattachedVolumeIds));
    const hot = current.find((r) => r.resourceId === sim.scenario.instances.hot.instanceId);
    expect(hot).toMatchObject({ name: "search-indexer-1", state: "running", tags: expect.objectContaining({ team: "search" }), attributes: expect.objectContaining({ instanceType: "c5.xlarge" }) });
    const stopped = current.find((r) => r.resourceId === sim.scenario.instances.stopped.instanceId);
    expect(stopped).toMatchObject({ state: "stopped", validFrom: new Date(sim.scenario.instances.stopped.stoppedAt.replace(/\.\d+Z$/, ".000Z")) });
  });

  it("writes nothing when nothing changed", async () => {
    const before = await versionsOf(sim.scenario.instances.hot.instanceId);
    const result = await inventory("us-east-1");
    expect(result.items).toBe(0);
    expect(result.details).toMatchObject({ added: 0, changed: 0, vanished: 0 });
    expect(await versionsOf(sim.scenario.instances.hot.instanceId)).toEqual(before);
  });

  it("closes a terminated instance at its termination time, then when it vanishes, and answers as-of queries", async () => {
    const gone = sim.scenario.instances.terminating;
    const knownBefore = new Date();
    await new Promise((r) => setTimeout(r, 5));
    sim.setClock({ fixedTime: new Date(anchor + 40 * MINUTE).toISOString() });
    await inventory(gone.region);
    const versions = await versionsOf(gone.instanceId);
    const current = versions.filter((v) => v.recordedTo === null);
    const terminateTime = new Date(gone.terminateTime);
    expect(current.map((v) => [v.state, v.validTo?.toISOString() ?? null])).toEqual([
      ["running", terminateTime.toISOString()],
      ["terminated", null],
    ]);
    expect(current[1]?.validFrom.toISOString()).toBe(terminateTime.toISOString());
    // The version believed before the change was closed in recorded time, not updated.
    expect(versions.find((v) => v.recordedTo !== null)).toMatchObject({ state: "running", validTo: null });

    const at = new Date(terminateTime.getTime() + 5 * MINUTE);
    const runningNow = await withTenant(ctx.tenant.id, (tx) => listResourcesAt({ tx, kind: "ec2_instance", state: "running", validAt: at }), { db: t.db });
    const runningThen = await withTenant(ctx.tenant.id, (tx) => listResourcesAt({ tx, kind: "ec2_instance", state: "running", validAt: at, asOf: knownBefore }), { db: t.db });
    expect(runningNow.map((r) => r.resourceId)).not.toContain(gone.instanceId);
    expect(runningThen.map((r) => r.resourceId)).toContain(gone.instanceId);
    expect(runningThen.length).toBe(runningNow.length + 1);

    sim.setClock({ fixedTime: new Date(Date.parse(gone.goneAfter) + 10 * MINUTE).toISOString() });
    await inventory(gone.region);
    const finalVersions = (await versionsOf(gone.instanceId)).filter((v) => v.recordedTo === null);
    expect(finalVersions.map((v) => v.state)).toEqual(["running", "terminated"]);
    expect(finalVersions.every((v) => v.validTo !== null)).toBe(true);
    const later = await withTenant(ctx.tenant.id, (tx) => listResourcesAt({ tx, kind: "ec2_instance", validAt: sim.now() }), { db: t.db });
    expect(later.map((r) => r.resourceId)).not.toContain(gone.instanceId);
  });

  it("records each run in the sync history with its API calls", async () => {
    const runs = await listSyncRuns({ ctx, connectionId: connection.id, limit: 10 });
    expect(runs.length).toBeGreaterThanOrEqual(4);
    for (const run of runs) {
      expect(run).toMatchObject({ kind: "inventory", status: "succeeded", finishedAt: expect.any(Date) });
      // STS (first run only), DescribeInstances, DescribeVolumes, DescribeAddresses, ListClusters, …
      expect(run.apiCalls).toBeGreaterThanOrEqual(4);
    }
    const [row] = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.awsConnections), { db: t.db });
    expect(row?.status).toBe("healthy");
  });
});
