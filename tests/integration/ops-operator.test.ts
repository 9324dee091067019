import { eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { UnauthorizedError, ValidationError } from "@/lib/http/errors";
import { AWS_QUEUES, scheduleDueSyncs } from "@/lib/jobs";
import {
  endImpersonation,
  findImpersonation,
  impersonationContext,
  listTenantsForOperator,
  operatorLogin,
  redeemImpersonation,
  setTenantStatus,
  signOperatorSession,
  startImpersonation,
  verifyOperatorSession,
  type Operator,
} from "@/lib/operator";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, rejection } from "./aws-test-kit";

let t: TestDatabase;
let operator: Operator;
let a: TenantContext;
let b: TenantContext;
const PASSWORD = "correct horse battery";

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTenant(t.db);
  b = await createTenant(t.db, { plan: "pro" });
  // The operator is a Monitr user (any account) whose email is listed in PLATFORM_ADMINS.
  operator = { userId: a.actor.userId, email: a.actor.email, name: "Ada" };
  for (const ctx of [a, b]) {
    await withTenant(
      ctx.tenant.id,
      (tx) => tx.insert(schema.awsConnections).values({ tenantId: ctx.tenant.id, name: "p", awsAccountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/${ctx.tenant.slug}`, regions: ["us-east-1"] }),
      { db: t.db },
    );
  }
});
afterAll(() => t?.drop());

const tenantAudit = (ctx: TenantContext) =>
  withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.auditLog).where(sql`action in ('tenant.suspended', 'tenant.unsuspended') or action like 'support.%'`).orderBy(schema.auditLog.id), { db: t.db });
const operatorAudit = (tenantId: string) => t.db.select().from(schema.operatorAudit).where(eq(schema.operatorAudit.subjectTenantId, tenantId)).orderBy(schema.operatorAudit.id);

describe("operator sign-in", () => {
  it("admits only platform admins with the right password, and signs a cookie that expires and is revoked with the list", async () => {
    const admins = [a.actor.email.toLowerCase()];
    expect(await rejection(operatorLogin({ db: t.db, platformAdmins: admins, email: b.actor.email, password: PASSWORD }))).toBeInstanceOf(UnauthorizedError);
    expect(await rejection(operatorLogin({ db: t.db, platformAdmins: admins, email: a.actor.email, password: "wrong password!" }))).toBeInstanceOf(UnauthorizedError);
    const ok = await operatorLogin({ db: t.db, platformAdmins: admins, email: a.actor.email.toUpperCase(), password: PASSWORD });
    expect(ok.userId).toBe(a.actor.userId);
    const cookie = signOperatorSession(ok, "s3cret", 60, 1_000_000);
    expect(verifyOperatorSession(cookie, "s3cret", admins, 1_000_000)?.email).toBe(ok.email);
    expect(verifyOperatorSession(cookie, "s3cret", admins, 1_000_000 + 61_000)).toBeNull();
    expect(verifyOperatorSession(cookie, "other", admins, 1_000_000)).toBeNull();
    expect(verifyOperatorSession(cookie.replace(/^./, "x"), "s3cret", admins, 1_000_000)).toBeNull();
    expect(verifyOperatorSession(cookie, "s3cret", [], 1_000_000)).toBeNull();
  });
});

describe("suspension", () => {
  it("needs a reason, suspends with an audit row on both sides, and stops the tenant's scheduled syncs", async () => {
    expect(await rejection(setTenantStatus({ db: t.db, operator, tenantId: b.tenant.id, status: "suspended", reason: "" }))).toBeInstanceOf(ValidationError);
    const boss = new PgBoss({ connectionString: t.url, max: 2 });
    await boss.start();
    try {
      for (const q of [AWS_QUEUES.initial, AWS_QUEUES.inventory, AWS_QUEUES.metrics, AWS_QUEUES.costs]) await boss.createQueue(q, { policy: "stately" });
      await setTenantStatus({ db: t.db, operator, tenantId: b.tenant.id, status: "suspended", reason: "unpaid invoice", ip: "192.0.2.1" });
      const [row] = await t.db.select().from(schema.tenants).where(eq(schema.tenants.id, b.tenant.id));
      expect(row.status).toBe("suspended");
      expect(await scheduleDueSyncs(boss, t.db, { tenantIds: [b.tenant.id] })).toBe(0);
      expect(await scheduleDueSyncs(boss, t.db, { tenantIds: [a.tenant.id] })).toBe(1); // the initial sync
      await setTenantStatus({ db: t.db, operator, tenantId: b.tenant.id, status: "active", reason: "" });
      expect(await scheduleDueSyncs(boss, t.db, { tenantIds: [b.tenant.id] })).toBe(1);
    } finally {
      await boss.stop({ graceful: false, timeout: 2000 });
    }
    expect((await tenantAudit(b)).map((r) => [r.action, r.data.reason])).toEqual([
      ["tenant.suspended", "unpaid invoice"],
      ["tenant.unsuspended", ""],
    ]);
    expect((await operatorAudit(b.tenant.id)).map((r) => [r.action, r.operatorEmail, r.ip])).toEqual([
      ["tenant.suspended", operator.email, "192.0.2.1"],
      ["tenant.unsuspended", operator.email, null],
    ]);
  });
});

describe("impersonation", () => {
  it("hands over with a one-time link, acts read-only unless elevated, expires, ends, and is audited on both sides", async () => {
    const started = await startImpersonation({ db: t.db, operator, input: { tenantId: a.tenant.id, reason: "ticket #42", minutes: 15, elevated: false } });
    expect(await findImpersonation(t.db, a.tenant.id, started.linkToken)).toBeNull(); // not a cookie until redeemed
    const redeemed = await redeemImpersonation({ db: t.db, tenantId: a.tenant.id, linkToken: started.linkToken });
    expect(redeemed).not.toBeNull();
    expect(redeemed!.expiresAt.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(await redeemImpersonation({ db: t.db, tenantId: a.tenant.id, linkToken: started.linkToken })).toBeNull(); // spent
    expect(await findImpersonation(t.db, a.tenant.id, started.linkToken)).toBeNull(); // rotated
    expect(await findImpersonation(t.db, b.tenant.id, redeemed!.cookieToken)).toBeNull(); // other tenant's host
    const session = await findImpersonation(t.db, a.tenant.id, redeemed!.cookieToken);
    expect(session).not.toBeNull();
    expect(impersonationContext(t.db, a.tenant, session!).actor).toMatchObject({ role: "viewer", email: operator.email, name: expect.stringMatching(/Monitr support/) });

    const elevated = await startImpersonation({ db: t.db, operator, input: { tenantId: a.tenant.id, reason: "fix a rule", minutes: 5, elevated: true } });
    const elevatedCookie = (await redeemImpersonation({ db: t.db, tenantId: a.tenant.id, linkToken: elevated.linkToken }))!.cookieToken;
    const elevatedSession = await findImpersonation(t.db, a.tenant.id, elevatedCookie);
    expect(impersonationContext(t.db, a.tenant, elevatedSession!).actor.role).toBe("admin");
    await withTenant(a.tenant.id, (tx) => tx.update(schema.impersonationSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(schema.impersonationSessions.id, elevated.session.id)), { db: t.db });
    expect(await findImpersonation(t.db, a.tenant.id, elevatedCookie)).toBeNull(); // time-limited

    expect(await endImpersonation({ db: t.db, tenantId: a.tenant.id, cookieToken: redeemed!.cookieToken })).toBe(true);
    expect(await findImpersonation(t.db, a.tenant.id, redeemed!.cookieToken)).toBeNull();
    expect((await tenantAudit(a)).map((r) => r.action)).toEqual(["support.impersonation_started", "support.impersonation_started", "support.impersonation_ended"]);
    expect((await tenantAudit(a))[0].data).toMatchObject({ operator: operator.email, reason: "ticket #42", elevated: false });
    expect((await operatorAudit(a.tenant.id)).map((r) => r.action)).toEqual(["impersonation.started", "impersonation.started", "impersonation.ended"]);
  });
});

describe("tenant list", () => {
  it("searches and filters by plan, status and sync staleness, with usage counts", async () => {
    const all = await listTenantsForOperator(t.db, { sort: "created" });
    expect(all.map((r) => r.id)).toEqual(expect.arrayContaining([a.tenant.id, b.tenant.id]));
    expect(all.find((r) => r.id === a.tenant.id)).toMatchObject({ members: 1, connections: 1, resources: 0, lastSyncAt: null });
    expect((await listTenantsForOperator(t.db, { plan: "pro", sort: "created" })).map((r) => r.id)).toEqual([b.tenant.id]);
    expect((await listTenantsForOperator(t.db, { q: a.tenant.slug, sort: "name" })).map((r) => r.id)).toEqual([a.tenant.id]);
    expect((await listTenantsForOperator(t.db, { status: "suspended", sort: "created" })).map((r) => r.id)).toEqual([]);
    expect((await listTenantsForOperator(t.db, { staleHours: 1, sort: "last_sync" })).length).toBe(2);
  });
});
