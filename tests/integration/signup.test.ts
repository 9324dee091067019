import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateForTenant, consumeRateLimit, createHandoff, findWorkspacesForLogin, redeemHandoff, signUp } from "@/lib/auth";
import type { SignupInput } from "@/lib/auth/schemas";
import { schema, withTenant } from "@/lib/db";
import { ConflictError, RateLimitError, ValidationError } from "@/lib/http/errors";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const input = (over: Partial<SignupInput> = {}): SignupInput => ({
  name: "Ada Lovelace",
  email: `ada-${Math.random().toString(36).slice(2, 8)}@acme.test`,
  password: "correct horse battery",
  company: "Acme",
  slug: `acme-${Math.random().toString(36).slice(2, 8)}`,
  plan: "free",
  ...over,
});

async function counts() {
  const r = await t.db.execute<{ tenants: number; users: number }>(sql`select (select count(*)::int from tenants) as tenants, (select count(*)::int from users) as users`);
  return r.rows[0];
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (e) => e,
  );
}

describe("signUp", () => {
  it("creates the user, the tenant, the owner membership and an audit row together", async () => {
    const data = input({ plan: "pro" });
    const result = await signUp({ db: t.db, input: data, ip: "203.0.113.9" });
    const [tenant] = await t.db.select().from(schema.tenants).where(sql`id = ${result.tenantId}`);
    expect(tenant).toMatchObject({ slug: data.slug, name: "Acme", plan: "free", requestedPlan: "pro" });
    const rows = await withTenant(result.tenantId, async (tx) => ({
      members: await tx.select().from(schema.memberships),
      audit: await tx.select().from(schema.auditLog),
    }), { db: t.db });
    expect(rows.members).toEqual([expect.objectContaining({ userId: result.userId, role: "owner" })]);
    expect(rows.audit).toEqual([expect.objectContaining({ action: "tenant.created", actorUserId: result.userId, ip: "203.0.113.9" })]);
    const stored = await t.db.execute<{ password_hash: string }>(sql`select password_hash from users where id = ${result.userId}`);
    expect(stored.rows[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it("answers field errors for a weak password, a reserved or invalid slug, and writes nothing", async () => {
    const before = await counts();
    const weak = await rejection(signUp({ db: t.db, input: input({ password: "password123" }) }));
    expect(weak).toBeInstanceOf(ValidationError);
    expect((weak as ValidationError).fields).toEqual({ password: expect.stringMatching(/too common/) });
    const reserved = (await rejection(signUp({ db: t.db, input: input({ slug: "admin" }) }))) as ValidationError;
    expect(reserved.fields?.slug).toMatch(/reserved/);
    const invalid = (await rejection(signUp({ db: t.db, input: input({ slug: "-bad-" }) }))) as ValidationError;
    expect(invalid.fields?.slug).toMatch(/lowercase/);
    expect(await counts()).toEqual(before);
  });

  it("refuses a duplicate email (any case) and a taken slug, with a suggestion", async () => {
    const first = input();
    await signUp({ db: t.db, input: first });
    const before = await counts();
    const dupEmail = (await rejection(signUp({ db: t.db, input: input({ email: first.email.toUpperCase() }) }))) as ValidationError;
    expect(dupEmail.fields?.email).toMatch(/already exists/);
    const dupSlug = (await rejection(signUp({ db: t.db, input: input({ slug: first.slug }) }))) as ValidationError;
    expect(dupSlug.fields?.slug).toBe(`This subdomain is taken. Try "${first.slug}-2".`);
    expect(await counts()).toEqual(before);
  });

  it("lets exactly one of two racing sign-ups for the same email win, leaving no orphan tenant", async () => {
    const email = "race@acme.test";
    const before = await counts();
    const results = await Promise.allSettled([
      signUp({ db: t.db, input: input({ email, slug: "race-one" }) }),
      signUp({ db: t.db, input: input({ email, slug: "race-two" }) }),
    ]);
    const failures = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(failures).toHaveLength(1);
    // Either the pre-check or, when both pass it at once, the unique index turns the loser away.
    expect(failures[0]).toSatisfy((e) => e instanceof ConflictError || e instanceof ValidationError);
    expect((failures[0] as ConflictError).fields?.email).toMatch(/already exists/);
    expect(await counts()).toEqual({ tenants: before.tenants + 1, users: before.users + 1 });
  });

  it("rolls back the user and tenant when a later step of the transaction fails", async () => {
    // A trigger makes the audit insert (the last write) fail, as a crash or constraint would.
    await t.db.execute(sql`create function fail_audit() returns trigger language plpgsql as $$ begin raise exception 'audit unavailable'; end $$`);
    await t.db.execute(sql`create trigger fail_audit before insert on audit_log for each row execute function fail_audit()`);
    const before = await counts();
    const data = input();
    try {
      await expect(signUp({ db: t.db, input: data })).rejects.toThrow();
    } finally {
      await t.db.execute(sql`drop trigger fail_audit on audit_log`);
      await t.db.execute(sql`drop function fail_audit()`);
    }
    expect(await counts()).toEqual(before);
    const again = await signUp({ db: t.db, input: data });
    expect(again.slug).toBe(data.slug);
  });
});

describe("hand-off tokens", () => {
  it("sign the new user in once, on their own tenant only", async () => {
    const a = await signUp({ db: t.db, input: input() });
    const b = await signUp({ db: t.db, input: input() });
    expect(await redeemHandoff(t.db, b.tenantId, a.handoffToken)).toBeNull();
    const user = await redeemHandoff(t.db, a.tenantId, a.handoffToken);
    expect(user).toMatchObject({ id: a.userId, name: "Ada Lovelace" });
    expect(await redeemHandoff(t.db, a.tenantId, a.handoffToken)).toBeNull();
    expect(await redeemHandoff(t.db, a.tenantId, "made-up-token")).toBeNull();
  });

  it("expire", async () => {
    const a = await signUp({ db: t.db, input: input() });
    const token = await createHandoff(t.db, a.tenantId, a.userId);
    await withTenant(a.tenantId, (tx) => tx.execute(sql`update login_handoffs set expires_at = now() - interval '1 second'`), { db: t.db });
    expect(await redeemHandoff(t.db, a.tenantId, token)).toBeNull();
  });
});

describe("signing in", () => {
  it("requires valid credentials and a membership in the tenant, auditing failures", async () => {
    const data = input();
    const a = await signUp({ db: t.db, input: data });
    const b = await signUp({ db: t.db, input: input() });
    expect(await authenticateForTenant(t.db, { tenantId: a.tenantId, email: data.email, password: data.password })).toMatchObject({ id: a.userId });
    expect(await authenticateForTenant(t.db, { tenantId: a.tenantId, email: data.email, password: "wrong password!" })).toBeNull();
    expect(await authenticateForTenant(t.db, { tenantId: b.tenantId, email: data.email, password: data.password })).toBeNull();
    const audit = await withTenant(a.tenantId, (tx) => tx.select().from(schema.auditLog), { db: t.db });
    expect(audit.map((r) => r.action).sort()).toEqual(["auth.login", "auth.login_failed", "tenant.created"]);
    const auditB = await withTenant(b.tenantId, (tx) => tx.select().from(schema.auditLog), { db: t.db });
    expect(auditB.map((r) => r.action).sort()).toEqual(["auth.login_failed", "tenant.created"]);
  });

  it("finds a person's workspaces from the root domain", async () => {
    const data = input({ company: "Zeta Corp" });
    const a = await signUp({ db: t.db, input: data });
    const found = await findWorkspacesForLogin(t.db, data.email, data.password);
    expect(found?.workspaces).toEqual([{ id: a.tenantId, slug: data.slug, name: "Zeta Corp", role: "owner" }]);
    expect(await findWorkspacesForLogin(t.db, data.email, "nope nope nope")).toBeNull();
    expect(await findWorkspacesForLogin(t.db, "nobody@acme.test", data.password)).toBeNull();
  });
});

describe("rate limits", () => {
  it("count per key across calls and answer with a retry time", async () => {
    const limits = [{ key: "test:ip:1", max: 3 }, { key: "test:email:x", max: 100 }];
    for (let i = 0; i < 3; i++) await consumeRateLimit(t.db, limits, 60, "slow down");
    const error = await rejection(consumeRateLimit(t.db, limits, 60, "slow down"));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterSeconds).toBeGreaterThan(0);
    expect((error as RateLimitError).retryAfterSeconds).toBeLessThanOrEqual(60);
    await consumeRateLimit(t.db, [{ key: "test:ip:2", max: 3 }], 60, "slow down");
  });
});

describe("subdomains", () => {
  it("treat an old subdomain that still redirects as taken", async () => {
    const a = await signUp({ db: t.db, input: input() });
    await t.db.execute(sql`insert into tenant_slug_redirects (slug, target_tenant_id, expires_at) values ('moved-away', ${a.tenantId}, now() + interval '30 days')`);
    const error = (await rejection(signUp({ db: t.db, input: input({ slug: "moved-away" }) }))) as ValidationError;
    expect(error.fields?.slug).toMatch(/taken/);
    await t.db.execute(sql`update tenant_slug_redirects set expires_at = now() - interval '1 second' where slug = 'moved-away'`);
    expect((await signUp({ db: t.db, input: input({ slug: "moved-away" }) })).slug).toBe("moved-away");
  });
});
