import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateForTenant } from "@/lib/auth";
import { withTenant } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { changePassword, checkSession, createSession, endSession, listMySessions, revokeMyOtherSessions, revokeMySession } from "@/lib/security";
import { removeMember } from "@/lib/team";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember, auditActions, box, ctxFor, newUser, newWorkspace, PASSWORD, policy, rejection } from "./team-kit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function signIn(tenantId: string, email: string) {
  const result = await authenticateForTenant(t.db, { tenantId, email, password: PASSWORD, box, ip: "203.0.113.5", session: { policy, userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0" } });
  if (!result || !("sessionId" in result) || !result.sessionId) throw new Error("sign-in failed");
  return result.sessionId;
}

describe("server-side sessions", () => {
  it("a sign-in writes a session row with device, IP and method, and the guard's check accepts it", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const sid = await signIn(tenant.id, owner.email);
    expect(await checkSession(t.db, { tenantId: tenant.id, userId: owner.id, sessionId: sid, policy })).toEqual({ status: "ok", role: "owner" });
    const [row] = (await withTenant(tenant.id, (tx) => tx.execute(sql`select user_agent, ip, method, revoked_at from sessions where id = ${sid}`), { db: t.db })).rows;
    expect(row).toMatchObject({ user_agent: expect.stringContaining("Chrome"), ip: "203.0.113.5", method: "password", revoked_at: null });
    expect(await auditActions(t.db, tenant.id)).toContain("auth.login");
  });

  it("ends a session that is revoked, idle too long, past its lifetime, or carried to another tenant", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const other = await newWorkspace(t.db);
    const check = (sessionId: string, tenantId = tenant.id) => checkSession(t.db, { tenantId, userId: owner.id, sessionId, policy });

    const idle = await signIn(tenant.id, owner.email);
    await withTenant(tenant.id, (tx) => tx.execute(sql`update sessions set last_seen_at = now() - interval '11 minutes' where id = ${idle}`), { db: t.db });
    expect(await check(idle)).toEqual({ status: "ended" });

    const old = await signIn(tenant.id, owner.email);
    await withTenant(tenant.id, (tx) => tx.execute(sql`update sessions set expires_at = now() - interval '1 second' where id = ${old}`), { db: t.db });
    expect(await check(old)).toEqual({ status: "ended" });

    const live = await signIn(tenant.id, owner.email);
    expect(await check(live, other.tenant.id)).toEqual({ status: "ended" });
    await endSession(t.db, { tenantId: tenant.id, userId: owner.id, sessionId: live });
    expect(await check(live)).toEqual({ status: "ended" });
    expect(await auditActions(t.db, tenant.id)).toContain("auth.logout");
  });

  it("touches last_seen_at at most once a minute", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const sid = await signIn(tenant.id, owner.email);
    await withTenant(tenant.id, (tx) => tx.execute(sql`update sessions set last_seen_at = now() - interval '5 minutes' where id = ${sid}`), { db: t.db });
    await checkSession(t.db, { tenantId: tenant.id, userId: owner.id, sessionId: sid, policy });
    const [row] = (await withTenant(tenant.id, (tx) => tx.execute<{ age: number }>(sql`select extract(epoch from now() - last_seen_at)::int as age from sessions where id = ${sid}`), { db: t.db })).rows;
    expect(row.age).toBeLessThan(5);
  });

  it("lists the person's sessions in every workspace and signs out one, or all others", async () => {
    const a = await newWorkspace(t.db);
    const b = await newWorkspace(t.db);
    await addMember(t.db, b.tenant.id, a.owner, "viewer");
    const current = await signIn(a.tenant.id, a.owner.email);
    const second = await signIn(a.tenant.id, a.owner.email);
    const inB = await signIn(b.tenant.id, a.owner.email);

    const listed = await listMySessions(t.db, { userId: a.owner.id, currentSessionId: current, policy });
    expect(listed.map((s) => s.id).sort()).toEqual([current, second, inB].sort());
    expect(listed.find((s) => s.id === inB)?.workspace).toBe(b.tenant.name);
    expect(listed.filter((s) => s.current).map((s) => s.id)).toEqual([current]);

    await revokeMySession(t.db, { userId: a.owner.id, tenantId: a.tenant.id, sessionId: current }, second);
    expect((await checkSession(t.db, { tenantId: a.tenant.id, userId: a.owner.id, sessionId: second, policy })).status).toBe("ended");
    // Someone else's session id is not yours to end.
    const stranger = await signIn(b.tenant.id, b.owner.email);
    expect(await rejection(revokeMySession(t.db, { userId: a.owner.id, tenantId: a.tenant.id }, stranger))).toMatchObject({ status: 404 });

    expect(await revokeMyOtherSessions(t.db, { userId: a.owner.id, tenantId: a.tenant.id, sessionId: current })).toBe(1);
    expect((await checkSession(t.db, { tenantId: b.tenant.id, userId: a.owner.id, sessionId: inB, policy })).status).toBe("ended");
    expect((await checkSession(t.db, { tenantId: a.tenant.id, userId: a.owner.id, sessionId: current, policy })).status).toBe("ok");
    expect((await checkSession(t.db, { tenantId: b.tenant.id, userId: b.owner.id, sessionId: stranger, policy })).status).toBe("ok");
    // Each revocation is audited in the workspace of the session it ended (the other-sessions sweep where it was asked).
    expect(await auditActions(t.db, a.tenant.id)).toEqual(expect.arrayContaining(["session.revoked", "session.revoked_all"]));
  });

  it("changing the password ends every other session of the person, in every workspace", async () => {
    const a = await newWorkspace(t.db);
    const b = await newWorkspace(t.db);
    await addMember(t.db, b.tenant.id, a.owner, "member");
    const current = await signIn(a.tenant.id, a.owner.email);
    const other = await signIn(a.tenant.id, a.owner.email);
    const inB = await signIn(b.tenant.id, a.owner.email);
    const ctx = await ctxFor(t.db, a.tenant.id, a.owner, "owner", current);

    const wrong = await rejection(changePassword({ ctx, input: { currentPassword: "not my password", newPassword: "a brand new passphrase" } }));
    expect(wrong).toBeInstanceOf(ValidationError);
    expect((await checkSession(t.db, { tenantId: a.tenant.id, userId: a.owner.id, sessionId: other, policy })).status).toBe("ok");

    expect(await changePassword({ ctx, input: { currentPassword: PASSWORD, newPassword: "a brand new passphrase" } })).toEqual({ sessionsEnded: 2 });
    expect((await checkSession(t.db, { tenantId: a.tenant.id, userId: a.owner.id, sessionId: current, policy })).status).toBe("ok");
    expect((await checkSession(t.db, { tenantId: a.tenant.id, userId: a.owner.id, sessionId: other, policy })).status).toBe("ended");
    expect((await checkSession(t.db, { tenantId: b.tenant.id, userId: a.owner.id, sessionId: inB, policy })).status).toBe("ended");
    expect(await auditActions(t.db, a.tenant.id)).toContain("security.password_changed");
    expect(await auditActions(t.db, b.tenant.id)).toContain("security.password_changed");
    expect(await authenticateForTenant(t.db, { tenantId: a.tenant.id, email: a.owner.email, password: PASSWORD })).toBeNull();
  });

  it("a removed member's session stops at once", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const pat = await newUser(t.db);
    await addMember(t.db, tenant.id, pat, "member");
    const sid = await createSession(t.db, { tenantId: tenant.id, userId: pat.id, method: "password" }, policy);
    await removeMember({ ctx: await ctxFor(t.db, tenant.id, owner), input: { userId: pat.id } });
    expect((await checkSession(t.db, { tenantId: tenant.id, userId: pat.id, sessionId: sid, policy })).status).toBe("ended");
  });
});
