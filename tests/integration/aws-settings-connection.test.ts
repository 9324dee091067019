import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, disconnectConnection, getConnection, listInventoryTagKeys, listSyncRuns, updateConnection } from "@/lib/aws";
import type { AwsConfig } from "@/lib/aws/config";
import { collectCosts, collectInventory, GLOBAL_REGION, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, rejection, simAwsConfig, startSim } from "./aws-test-kit";

/* Issue #4 review: the connection settings — tag keys, the account's own regions, sync history by kind. */
let t: TestDatabase;
let sim: AwsSim;
let aws: AwsConfig;
beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  // A still clock: no scenario event (a launch, a termination) lands between two runs of a test.
  sim.setClock({ fixedTime: new Date().toISOString() });
  aws = simAwsConfig(sim);
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const fieldsOf = (error: unknown) => {
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).fields ?? {};
};

describe("cost allocation tag keys", () => {
  it("are saved, de-duplicated, and collected by the next cost run", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    const updated = await updateConnection({ ctx, id: connection.id, input: { costTagKeys: [" team", "team", "env", "aws:createdBy"] } });
    expect(updated.costTagKeys).toEqual(["team", "env", "aws:createdBy"]);
    expect((await getConnection(ctx, connection.id)).costTagKeys).toEqual(["team", "env", "aws:createdBy"]);

    const result = await runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: GLOBAL_REGION, kind: "costs" }, collectCosts);
    expect(result.status).toBe("succeeded");
    const tagRows = await withTenant(
      ctx.tenant.id,
      (tx) => tx.selectDistinct({ key: schema.costRecords.groupKey }).from(schema.costRecords).where(eq(schema.costRecords.groupKind, "tag")),
      { db: t.db },
    );
    expect(tagRows.map((r) => r.key)).toEqual(expect.arrayContaining(["team", "env"]));

    // Cleared: the next run asks for no tag at all.
    expect((await updateConnection({ ctx, id: connection.id, input: { costTagKeys: [] } })).costTagKeys).toEqual([]);
  });

  it("are refused with a field error naming the bad key, and nothing else in the request is written", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx), name: "Prod" } });
    const bad = fieldsOf(await rejection(updateConnection({ ctx, id: connection.id, input: { name: "Renamed", costTagKeys: ["team", "cost<center>"] } })));
    expect(bad.costTagKeys).toMatch(/"cost<center>" is not a tag key/);
    expect(fieldsOf(await rejection(updateConnection({ ctx, id: connection.id, input: { costTagKeys: ["team", ""] } }))).costTagKeys).toMatch(/cannot be empty/);
    expect(fieldsOf(await rejection(updateConnection({ ctx, id: connection.id, input: { costTagKeys: ["k".repeat(129)] } }))).costTagKeys).toMatch(/128 characters/);
    const eleven = Array.from({ length: 11 }, (_, i) => `key${i}`);
    expect(fieldsOf(await rejection(updateConnection({ ctx, id: connection.id, input: { costTagKeys: eleven } }))).costTagKeys).toMatch(/at most 10/);
    // Ten distinct keys written eleven times over is ten keys.
    expect((await updateConnection({ ctx, id: connection.id, input: { costTagKeys: [...eleven.slice(0, 10), "key0"] } })).costTagKeys).toHaveLength(10);
    expect((await getConnection(ctx, connection.id)).name).toBe("Prod");
  });

  it("are suggested from the tag keys on the connection's current inventory", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    expect(await listInventoryTagKeys({ ctx, connectionId: connection.id })).toEqual([]);
    for (const region of connection.regions) await runSync({ db: t.db, aws }, { tenantId: ctx.tenant.id, connectionId: connection.id, region, kind: "inventory" }, collectInventory);
    const keys = await listInventoryTagKeys({ ctx, connectionId: connection.id });
    expect(keys).toEqual(expect.arrayContaining(["Name", "env", "service", "team"]));
    expect(keys).toEqual([...keys].sort());
    const stranger = await createTenant(t.db);
    expect(await listInventoryTagKeys({ ctx: stranger, connectionId: connection.id })).toEqual([]);
  });
});

describe("regions", () => {
  it("stores the account's enabled regions (DescribeRegions) and where resources were found", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    // The simulated account has only us-east-1 and eu-west-1 enabled, both with resources.
    expect(connection.availableRegions).toEqual(["eu-west-1", "us-east-1"]);
    expect(connection.regionsWithResources).toEqual(["eu-west-1", "us-east-1"]);
  });

  it("refuses a region the account has not enabled, on the regions field, and keeps the old selection", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    const error = await rejection(updateConnection({ ctx, id: connection.id, input: { regions: ["us-east-1", "us-west-2"], metricsIntervalSeconds: 60 } }));
    expect(fieldsOf(error).regions).toBe(`us-west-2 is not enabled in AWS account ${sim.scenario.accountId}. Enabled regions: eu-west-1, us-east-1.`);
    expect(await getConnection(ctx, connection.id)).toMatchObject({ regions: ["eu-west-1", "us-east-1"], metricsIntervalSeconds: 300 });
    // With the AWS config the verb asks AWS again first (a region enabled since connecting) — still not enabled.
    const again = await rejection(updateConnection({ ctx, id: connection.id, aws, input: { regions: ["ap-south-1"] } }));
    expect(fieldsOf(again).regions).toMatch(/^ap-south-1 is not enabled/);
    expect((await updateConnection({ ctx, id: connection.id, aws, input: { regions: ["eu-west-1"] } })).regions).toEqual(["eu-west-1"]);
  });

  it("for a connection whose region list is not known, asks AWS and keeps the answer", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    // Rows from before the list was stored.
    const forget = () =>
      withTenant(
        ctx.tenant.id,
        (tx) =>
          tx
            .update(schema.awsConnections)
            .set({ availableRegions: [] })
            .where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), eq(schema.awsConnections.id, connection.id))),
        { db: t.db },
      );
    await forget();
    // Without AWS to ask, the selection is not checked (as before the list existed).
    expect((await updateConnection({ ctx, id: connection.id, input: { regions: ["us-east-1", "us-west-2"] } })).regions).toEqual(["us-east-1", "us-west-2"]);
    const error = await rejection(updateConnection({ ctx, id: connection.id, aws, input: { regions: ["us-west-2"] } }));
    expect(fieldsOf(error).regions).toMatch(/^us-west-2 is not enabled/);
    expect((await getConnection(ctx, connection.id)).availableRegions).toEqual(["eu-west-1", "us-east-1"]);

    await forget();
    const saved = await updateConnection({ ctx, id: connection.id, aws, input: { regions: ["eu-west-1"] } });
    expect(saved).toMatchObject({ regions: ["eu-west-1"], availableRegions: ["eu-west-1", "us-east-1"] });
  });

  it("cannot be changed on a disconnected connection", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    await disconnectConnection({ ctx, id: connection.id });
    await expect(updateConnection({ ctx, id: connection.id, aws, input: { regions: ["us-east-1"] } })).rejects.toBeInstanceOf(ConflictError);
    await expect(updateConnection({ ctx, id: connection.id, input: { costTagKeys: ["team"] } })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("sync history", () => {
  it("filters by kind and carries each run's end and error", async () => {
    const ctx = await createTenant(t.db);
    const connection = await createConnection({ ctx, aws, input: { roleArn: createTenantRole(sim, ctx) } });
    const target = { tenantId: ctx.tenant.id, connectionId: connection.id };
    await runSync({ db: t.db, aws }, { ...target, region: "us-east-1", kind: "inventory" }, collectInventory);
    await runSync({ db: t.db, aws }, { ...target, region: GLOBAL_REGION, kind: "costs" }, collectCosts);
    const all = await listSyncRuns({ ctx, connectionId: connection.id });
    expect(all.map((r) => r.kind).sort()).toEqual(["costs", "inventory"]);
    const inventory = await listSyncRuns({ ctx, connectionId: connection.id, kind: "inventory" });
    expect(inventory).toEqual([expect.objectContaining({ kind: "inventory", region: "us-east-1", status: "succeeded", finishedAt: expect.any(Date), error: null })]);
    expect(await listSyncRuns({ ctx, connectionId: connection.id, kind: "metrics" })).toEqual([]);
  });
});
