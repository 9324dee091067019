import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, disconnectConnection, listResourcesAt, updateConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import type { AwsConfig } from "@/lib/aws/config";
import { collectInventory, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, simAwsConfig, startSim } from "./aws-test-kit";

/*
 * Issue #4 review: once Monitr stops watching a connection (disconnect) or a region (removed from
 * it), its inventory must stop claiming those resources exist now, while "as known before" still
 * answers with what was believed then.
 */
let t: TestDatabase;
let sim: AwsSim;
let aws: AwsConfig;
beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date().toISOString() });
  aws = simAwsConfig(sim);
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const tick = () => new Promise((r) => setTimeout(r, 5));

const inventory = (ctx: TenantContext, connection: Connection, region: string) =>
  runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region, kind: "inventory" }, collectInventory);

const instancesAt = (ctx: TenantContext, connection: Connection, validAt: Date, asOf?: Date) =>
  withTenant(
    ctx.tenant.id,
    (tx) => listResourcesAt({ tx, kind: "ec2_instance", connectionId: connection.id, validAt, ...(asOf ? { asOf } : {}) }),
    { db: t.db },
  ).then((rows) => rows.map((r) => `${r.region}/${r.resourceId}`).sort());

const openVersions = (ctx: TenantContext, connection: Connection, region?: string) =>
  withTenant(
    ctx.tenant.id,
    (tx) =>
      tx
        .select()
        .from(schema.resources)
        .where(
          and(
            eq(schema.resources.connectionId, connection.id),
            region ? eq(schema.resources.region, region) : undefined,
            isNull(schema.resources.validTo),
            isNull(schema.resources.recordedTo),
          ),
        ),
    { db: t.db },
  );

async function connected(plan: "free" | "pro" = "free") {
  const ctx = await createTenant(t.db, { plan });
  const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
  for (const region of connection.regions) expect((await inventory(ctx, connection, region)).status).toBe("succeeded");
  return { ctx, connection };
}

describe("disconnecting", () => {
  it("closes the connection's open inventory at the disconnect time, keeping what was known before", async () => {
    const { ctx, connection } = await connected("pro");
    const other = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    await inventory(ctx, other, "us-east-1");
    const otherBefore = await instancesAt(ctx, other, new Date());

    const before = new Date();
    const running = await instancesAt(ctx, connection, before);
    expect(running.length).toBeGreaterThan(2);
    expect(running.some((r) => r.startsWith("eu-west-1/")) && running.some((r) => r.startsWith("us-east-1/"))).toBe(true);
    await tick();

    const gone = await disconnectConnection({ ctx, id: connection.id });
    await tick();
    const now = new Date();
    expect(await instancesAt(ctx, connection, now)).toEqual([]);
    expect(await openVersions(ctx, connection)).toEqual([]);
    // As known before the disconnect, they existed now-then; and history still says they existed then.
    expect(await instancesAt(ctx, connection, before, before)).toEqual(running);
    expect(await instancesAt(ctx, connection, before)).toEqual(running);
    // Each closed version ends exactly at the disconnect, recorded at the disconnect.
    const closed = await withTenant(
      ctx.tenant.id,
      (tx) => tx.select().from(schema.resources).where(and(eq(schema.resources.connectionId, connection.id), isNull(schema.resources.recordedTo))),
      { db: t.db },
    );
    const endedAtDisconnect = closed.filter((r) => r.validTo?.getTime() === gone.disconnectedAt?.getTime());
    expect(endedAtDisconnect.length).toBeGreaterThanOrEqual(running.length);
    expect(endedAtDisconnect.every((r) => r.recordedFrom.getTime() === gone.disconnectedAt?.getTime())).toBe(true);

    // Another connection of the tenant keeps its inventory; a second disconnect changes nothing.
    expect(await instancesAt(ctx, other, new Date())).toEqual(otherBefore);
    await disconnectConnection({ ctx, id: connection.id });
    expect(await instancesAt(ctx, connection, before)).toEqual(running);
  });
});

describe("removing a region", () => {
  it("closes that region's open inventory only, and a run still listing it then stores nothing", async () => {
    const { ctx, connection } = await connected();
    const before = new Date();
    const running = await instancesAt(ctx, connection, before);
    const europe = running.filter((r) => r.startsWith("eu-west-1/"));
    expect(europe.length).toBeGreaterThan(0);
    await tick();

    await updateConnection({ ctx, id: connection.id, input: { regions: ["us-east-1"] } });
    await tick();
    const now = new Date();
    expect(await instancesAt(ctx, connection, now)).toEqual(running.filter((r) => r.startsWith("us-east-1/")));
    expect(await openVersions(ctx, connection, "eu-west-1")).toEqual([]);
    expect((await openVersions(ctx, connection, "us-east-1")).length).toBeGreaterThan(0);
    expect(await instancesAt(ctx, connection, before, before)).toEqual(running);

    // A run for the removed region (queued before the change) must not reopen what was closed.
    const late = await inventory(ctx, connection, "eu-west-1");
    expect(late.details).toMatchObject({ stored: false });
    expect(await openVersions(ctx, connection, "eu-west-1")).toEqual([]);
  });

  it("added back, continues the history without two versions at any instant", async () => {
    const { ctx, connection } = await connected();
    const before = new Date();
    const running = await instancesAt(ctx, connection, before);
    await tick();
    await updateConnection({ ctx, id: connection.id, input: { regions: ["us-east-1"] } });
    await tick();
    const between = new Date();
    await tick();
    await updateConnection({ ctx, id: connection.id, input: { regions: ["eu-west-1", "us-east-1"] } });
    expect((await inventory(ctx, connection, "eu-west-1")).status).toBe("succeeded");

    // Listed once each: before the removal, while it was off (the resources kept existing), and now.
    expect(await instancesAt(ctx, connection, before)).toEqual(running);
    expect(await instancesAt(ctx, connection, new Date())).toEqual(running);
    expect(await instancesAt(ctx, connection, between, between)).toEqual(running.filter((r) => r.startsWith("us-east-1/")));
  });
});
