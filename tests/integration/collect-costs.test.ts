import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, updateConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { collectCosts, GLOBAL_REGION, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, createTenantRole, HOUR, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let ctx: TenantContext;
let connection: Connection;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Math.floor(Date.parse(sim.scenario.anchor) / DAY) * DAY + 6 * HOUR).toISOString() });
  ctx = await createTenant(t.db);
  connection = await createConnection({ ctx, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, ctx) } });
  connection = await updateConnection({ ctx, id: connection.id, input: { costTagKeys: ["team"] } });
});
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const costs = () =>
  runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: ctx.tenant.id, connectionId: connection.id, region: GLOBAL_REGION, kind: "costs" }, collectCosts);

const rows = (where = sql`true`) =>
  withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.costRecords).where(where).orderBy(schema.costRecords.id), { db: t.db });

describe("cost collection", () => {
  it("backfills 13 months of daily costs by service, month-to-date totals and the chosen tag", async () => {
    const result = await costs();
    expect(result.status).toBe("succeeded");
    const all = await rows();
    const daily = all.filter((r) => r.granularity === "DAILY" && r.groupKind === "service");
    const days = [...new Set(daily.map((r) => r.periodStart))].sort();
    const now = sim.now();
    expect(days[0]).toBe(iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 13, 1)));
    expect(days[days.length - 1]).toBe(iso(now.getTime()));
    expect(new Set(daily.map((r) => r.groupValue))).toEqual(new Set(sim.scenario.costs.services));
    expect(all.some((r) => r.groupKind === "tag" && r.groupKey === "team" && r.groupValue === "payments")).toBe(true);
    expect(all.some((r) => r.granularity === "MONTHLY" && r.groupKind === "total")).toBe(true);
    // Today and yesterday are still estimates; older days are final.
    expect(daily.filter((r) => r.periodStart === iso(now.getTime())).every((r) => r.estimated)).toBe(true);
    expect(daily.filter((r) => r.periodStart === iso(now.getTime() - 5 * DAY)).every((r) => !r.estimated)).toBe(true);
    expect(result.items).toBe(all.length);
    expect(result.apiCalls).toBeGreaterThanOrEqual(3);
  });

  it("writes nothing when Cost Explorer's figures did not change", async () => {
    const before = (await rows()).length;
    const again = await costs();
    expect(again.details).toMatchObject({ inserted: 0, revised: 0 });
    expect((await rows()).length).toBe(before);
  });

  it("stores revisions (estimated → final) as new versions and keeps the old ones", async () => {
    const today = iso(sim.now().getTime());
    const before = await rows(sql`${schema.costRecords.periodStart} = ${today} and ${schema.costRecords.groupKind} = 'service'`);
    sim.setClock({ fixedTime: new Date(sim.now().getTime() + 2 * DAY).toISOString() });
    const result = await costs();
    expect(result.details.revised as number).toBeGreaterThan(0);
    const versions = await rows(sql`${schema.costRecords.periodStart} = ${today} and ${schema.costRecords.groupKind} = 'service'`);
    const service = before[0]?.groupValue ?? "";
    const history = versions.filter((v) => v.groupValue === service);
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ estimated: true, recordedTo: expect.any(Date) });
    expect(history[1]).toMatchObject({ estimated: false, recordedTo: null });
    expect(Number(history[1]?.amount)).toBeGreaterThan(Number(history[0]?.amount));
    // Days that were already final keep a single version.
    const old = await rows(and(eq(schema.costRecords.periodStart, iso(sim.now().getTime() - 20 * DAY)), eq(schema.costRecords.groupKind, "service")));
    expect(old.every((r) => r.recordedTo === null)).toBe(true);
    const current = await rows(isNull(schema.costRecords.recordedTo));
    const keys = current.map((r) => [r.granularity, r.periodStart, r.groupKind, r.groupKey, r.groupValue, r.metric].join("|"));
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("cost collection over time", () => {
  let other: TenantContext;
  let conn: Connection;
  const run = () =>
    runSync({ db: t.db, aws: simAwsConfig(sim) }, { tenantId: other.tenant.id, connectionId: conn.id, region: GLOBAL_REGION, kind: "costs" }, collectCosts);
  const rowsOf = (where = sql`true`) =>
    withTenant(other.tenant.id, (tx) => tx.select().from(schema.costRecords).where(where).orderBy(schema.costRecords.id), { db: t.db });

  it("backfills 13 months for a tag key chosen later, while the rest re-reads only the recent days", async () => {
    other = await createTenant(t.db);
    conn = await createConnection({ ctx: other, aws: simAwsConfig(sim), input: { roleArn: createTenantRole(sim, other) } });
    conn = await updateConnection({ ctx: other, id: conn.id, input: { costTagKeys: ["team"] } });
    await run();
    conn = await updateConnection({ ctx: other, id: conn.id, input: { costTagKeys: ["team", "env"] } });
    const second = await run();
    const now = sim.now();
    expect(second.details).toMatchObject({ backfill: false, from: iso(now.getTime() - 35 * DAY) });
    const env = (await rowsOf(and(eq(schema.costRecords.groupKind, "tag"), eq(schema.costRecords.groupKey, "env")))).map((r) => r.periodStart).sort();
    expect(env[0]).toBe(iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 13, 1)));
    expect(new Set((await rowsOf(eq(schema.costRecords.groupKey, "env"))).map((r) => r.groupValue))).toEqual(new Set(["prod", "staging", "dev", ""])); // "" is the untagged remainder
  });

  it("re-reads last month's total after the month ends, so it turns final", async () => {
    const now = sim.now();
    const lastMonth = iso(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    // Early on the 1st of next month, the month just ended is still an estimate…
    sim.setClock({ fixedTime: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1, 6)).toISOString() });
    await run();
    const monthly = () => rowsOf(and(eq(schema.costRecords.granularity, "MONTHLY"), eq(schema.costRecords.periodStart, lastMonth), isNull(schema.costRecords.recordedTo)));
    expect((await monthly())[0]).toMatchObject({ estimated: true });
    // …and a run three days later, whose month-to-date starts in the new month, revises it to final.
    sim.setClock({ advanceMs: 3 * DAY });
    const later = await run();
    expect(later.details.revised as number).toBeGreaterThan(0);
    expect(await monthly()).toEqual([expect.objectContaining({ estimated: false })]);
  });
});
