import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { assignResources } from "@/lib/allocation";
import { budgetsFor, evaluateBudgets, saveBudget, savePreferences, sendDigests, type BudgetDeps } from "@/lib/budgets";
import { collectCosts, collectInventory, GLOBAL_REGION, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import { createMailer, readMailbox } from "@/lib/mail";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember } from "./dashboards-kit";
import { createTenant, createTenantRole, MINUTE, rejection, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let owner: TenantContext;
let member: TenantContext;
let connection: Connection;
let mailDir: string;
let deps: BudgetDeps;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 10 * MINUTE).toISOString() });
  owner = await createTenant(t.db);
  member = await addMember(t.db, owner, "member");
  const aws = simAwsConfig(sim);
  connection = await createConnection({ ctx: owner, aws, input: { roleArn: createTenantRole(sim, owner) } });
  await runSync({ db: t.db, aws }, { tenantId: owner.tenant.id, connectionId: connection.id, region: GLOBAL_REGION, kind: "costs" }, collectCosts);
  await runSync({ db: t.db, aws }, { tenantId: owner.tenant.id, connectionId: connection.id, region: "us-east-1", kind: "inventory" }, collectInventory);
  mailDir = await fs.mkdtemp(path.join(os.tmpdir(), "monitr-budgets-"));
  deps = { mailer: createMailer({ from: "Monitr <no-reply@monitr.test>", mailDir }), origin: { appDomain: "monitr.test", protocol: "https" } };
  const idle = sim.scenario.instances.idle;
  await assignResources({ ctx: owner, input: { resources: [{ connectionId: connection.id, region: idle.region, kind: "ec2_instance", resourceId: idle.instanceId }], owner: { kind: "user", id: member.actor.userId } }, now: sim.now() });
}, 240_000);
afterAll(async () => {
  await sim?.close();
  await t?.drop();
  await fs.rm(mailDir, { recursive: true, force: true });
});

const month = () => sim.now().toISOString().slice(0, 7);
const check = () => evaluateBudgets({ db: t.db, tenantId: owner.tenant.id, deps, now: sim.now() });
const alerts = () => withTenant(owner.tenant.id, (tx) => tx.select().from(schema.budgetAlerts).where(eq(schema.budgetAlerts.tenantId, owner.tenant.id)), { db: t.db });
const mails = () => readMailbox(mailDir);

describe("budgets", () => {
  it("validates input field by field and lets a member set only their own budget", async () => {
    expect(await rejection(saveBudget({ ctx: owner, input: { scope: { kind: "tenant" }, monthlyLimit: -5 } }))).toMatchObject({ status: 400, fields: { monthlyLimit: expect.any(String) } });
    expect(await rejection(saveBudget({ ctx: owner, input: { scope: { kind: "user" }, monthlyLimit: 5 } }))).toMatchObject({ status: 400, fields: { "scope.id": expect.any(String) } });
    expect(await rejection(saveBudget({ ctx: owner, input: { scope: { kind: "tenant" }, monthlyLimit: 5, thresholds: [0] } }))).toMatchObject({ status: 400 });
    expect(await rejection(saveBudget({ ctx: member, input: { scope: { kind: "tenant" }, monthlyLimit: 5 } }))).toMatchObject({ status: 403 });
    expect((await budgetsFor({ ctx: owner, month: month(), now: sim.now() })).length).toBe(0);
  });

  it("shows budget vs actual vs forecast; a person sees their own, admins everyone's", async () => {
    const spent = (await withTenant(owner.tenant.id, (tx) => tx.select().from(schema.costRecords), { db: t.db })).length;
    expect(spent).toBeGreaterThan(0);
    await saveBudget({ ctx: owner, input: { scope: { kind: "user", id: member.actor.userId }, monthlyLimit: 1000 } });
    const [mine] = await budgetsFor({ ctx: member, month: month(), now: sim.now() });
    expect(mine).toMatchObject({ scope: { kind: "user", id: member.actor.userId }, monthlyLimit: 1000 });
    const hours = (sim.now().getTime() - Date.UTC(sim.now().getUTCFullYear(), sim.now().getUTCMonth(), 1)) / 3_600_000;
    expect(mine!.actual).toBeCloseTo(0.1 * hours, 4); // the idle m4.large assigned to them
    expect(mine!.forecast!).toBeGreaterThanOrEqual(mine!.actual);
    await saveBudget({ ctx: owner, input: { scope: { kind: "user", id: owner.actor.userId }, monthlyLimit: 50 } });
    expect((await budgetsFor({ ctx: member, month: month(), now: sim.now() })).map((b) => b.scope.id)).toEqual([member.actor.userId]);
    expect((await budgetsFor({ ctx: owner, month: month(), now: sim.now() })).length).toBe(2);
  });

  it("alerts once per threshold per month, however often it checks", async () => {
    const actual = (await budgetsFor({ ctx: owner, month: month(), now: sim.now() })).find((b) => b.scope.id === member.actor.userId)!.actual;
    // 90 % used: 50 and 80 are reached on actual spend; forecast alerts are off for this budget.
    await saveBudget({ ctx: owner, input: { scope: { kind: "user", id: member.actor.userId }, monthlyLimit: actual / 0.9, thresholds: [50, 80, 100], alertOnForecast: false } });
    const first = await check();
    expect(first.fired).toBe(2);
    expect((await alerts()).map((a) => `${a.threshold}/${a.basis}`).sort()).toEqual(["50/actual", "80/actual"]);
    for (let i = 0; i < 3; i++) expect((await check()).fired).toBe(0);
    const to = await mails();
    expect(to.map((m) => m.subject).sort()).toEqual([`Budget alert: ${member.actor.name} reached 50% of its monthly budget`, `Budget alert: ${member.actor.name} reached 80% of its monthly budget`]);
    expect(to.every((m) => m.to.includes(member.actor.email))).toBe(true);
    expect(to.some((m) => m.to.includes(owner.actor.email))).toBe(false);
  });

  it("past 100 % the tenant admins are told too, once", async () => {
    const actual = (await budgetsFor({ ctx: owner, month: month(), now: sim.now() })).find((b) => b.scope.id === member.actor.userId)!.actual;
    await saveBudget({ ctx: owner, input: { scope: { kind: "user", id: member.actor.userId }, monthlyLimit: actual / 1.2, thresholds: [50, 80, 100], alertOnForecast: false } });
    expect((await check()).fired).toBe(1);
    expect((await check()).fired).toBe(0);
    const hundred = (await mails()).filter((m) => m.subject.includes("reached 100%"));
    expect(hundred).toHaveLength(1);
    expect(hundred[0]!.to).toContain(member.actor.email);
    expect(hundred[0]!.to).toContain(owner.actor.email);
    const audit = await withTenant(owner.tenant.id, (tx) => tx.select().from(schema.auditLog).where(and(eq(schema.auditLog.tenantId, owner.tenant.id), eq(schema.auditLog.action, "budget.threshold_reached"))), { db: t.db });
    expect(audit).toHaveLength(3);
  });

  it("forecast thresholds alert separately, and a person can turn their alerts off", async () => {
    await savePreferences({ ctx: owner, input: { budgetAlerts: false, thresholds: null, digest: "off" } });
    // The workspace budget goes to the admins; this admin turned budget alerts off.
    await saveBudget({ ctx: owner, input: { scope: { kind: "tenant" }, monthlyLimit: 0.01, thresholds: [100], alertOnActual: false, alertOnForecast: true } });
    const before = (await mails()).length;
    expect((await check()).fired).toBe(1);
    const row = (await alerts()).find((a) => a.basis === "forecast")!;
    expect(row).toMatchObject({ threshold: 100, recipients: [] });
    expect((await mails()).length).toBe(before);
  });

  it("sends a daily digest once per day with budget status", async () => {
    await savePreferences({ ctx: member, input: { budgetAlerts: true, thresholds: [90], digest: "daily" } });
    expect(await sendDigests({ db: t.db, tenantId: owner.tenant.id, deps, now: sim.now() })).toBe(1);
    expect(await sendDigests({ db: t.db, tenantId: owner.tenant.id, deps, now: new Date(sim.now().getTime() + 3_600_000) })).toBe(0);
    const digest = (await mails()).find((m) => m.subject.startsWith("Your daily cost digest"))!;
    expect(digest.to).toContain(member.actor.email);
    expect(digest.raw).toContain("Budgets:");
    expect(digest.raw).toContain(member.actor.name);
  });
});
