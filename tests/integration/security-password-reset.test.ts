import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateForTenant } from "@/lib/auth";
import { hashToken } from "@/lib/auth/handoff";
import { schema, withTenant } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { checkResetToken, checkSession, createSession, requestPasswordReset, resetPassword } from "@/lib/security";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember, auditActions, linkIn, newWorkspace, PASSWORD, policy, rejection, tempMailbox } from "./team-kit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

const resetUrl = (token: string) => `http://localhost:3000/reset-password?token=${encodeURIComponent(token)}`;
const tokenOf = (link: string) => decodeURIComponent(new URL(link).searchParams.get("token")!);

async function requestFor(email: string) {
  const box = await tempMailbox();
  await requestPasswordReset({ db: t.db, mailer: box.mailer, input: { email }, resetUrl, ip: "198.51.100.1" });
  return box;
}

describe("password reset", () => {
  it("mails a link for a known address, nothing for an unknown one, and stores only the token's hash", async () => {
    const { owner } = await newWorkspace(t.db);
    const unknown = await requestFor("nobody-here@acme.test");
    expect(await unknown.messages()).toEqual([]);
    const known = await requestFor(owner.email.toUpperCase());
    const [mail] = await known.messages();
    expect(mail).toMatchObject({ to: owner.email, subject: "Reset your Monitr password" });
    const token = tokenOf(linkIn(mail.raw));
    const rows = await t.db.select().from(schema.passwordResets).where(eq(schema.passwordResets.userId, owner.id));
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(hashToken(token));
    expect(rows[0].tokenHash).not.toBe(token);
    const ttl = (rows[0].expiresAt.getTime() - rows[0].createdAt.getTime()) / 1000;
    expect(ttl).toBeGreaterThan(3590);
    expect(ttl).toBeLessThanOrEqual(3601);
  });

  it("sets the password once, signs out every session in every workspace, and audits it in each", async () => {
    const a = await newWorkspace(t.db);
    const b = await newWorkspace(t.db);
    await addMember(t.db, b.tenant.id, a.owner, "admin");
    const inA = await createSession(t.db, { tenantId: a.tenant.id, userId: a.owner.id, method: "password" }, policy);
    const inB = await createSession(t.db, { tenantId: b.tenant.id, userId: a.owner.id, method: "password" }, policy);
    const token = tokenOf(linkIn((await (await requestFor(a.owner.email)).messages())[0].raw));

    const weak = (await rejection(resetPassword({ db: t.db, input: { token, password: "password123" } }))) as ValidationError;
    expect(weak.fields).toEqual({ password: expect.stringMatching(/too common/) });
    expect(await checkResetToken(t.db, token)).toBe("valid");

    expect(await resetPassword({ db: t.db, input: { token, password: "a fresh long passphrase" }, ip: "198.51.100.2" })).toEqual({ email: a.owner.email });
    expect(await checkResetToken(t.db, token)).toBe("invalid");
    const again = (await rejection(resetPassword({ db: t.db, input: { token, password: "yet another passphrase" } }))) as ValidationError;
    expect(again.fields).toEqual({ token: expect.stringMatching(/expired or was already used/) });

    expect((await checkSession(t.db, { tenantId: a.tenant.id, userId: a.owner.id, sessionId: inA, policy })).status).toBe("ended");
    expect((await checkSession(t.db, { tenantId: b.tenant.id, userId: a.owner.id, sessionId: inB, policy })).status).toBe("ended");
    expect(await auditActions(t.db, a.tenant.id)).toContain("security.password_reset");
    expect(await auditActions(t.db, b.tenant.id)).toContain("security.password_reset");
    expect(await authenticateForTenant(t.db, { tenantId: a.tenant.id, email: a.owner.email, password: PASSWORD })).toBeNull();
    expect(await authenticateForTenant(t.db, { tenantId: a.tenant.id, email: a.owner.email, password: "a fresh long passphrase" })).toMatchObject({ id: a.owner.id });
  });

  it("refuses an expired link, and a newer reset uses up the older links", async () => {
    const { owner, tenant } = await newWorkspace(t.db);
    const first = tokenOf(linkIn((await (await requestFor(owner.email)).messages())[0].raw));
    await t.db.execute(sql`update password_resets set expires_at = now() - interval '1 second' where token_hash = ${hashToken(first)}`);
    expect(await checkResetToken(t.db, first)).toBe("invalid");
    expect(await rejection(resetPassword({ db: t.db, input: { token: first, password: "a fresh long passphrase" } }))).toBeInstanceOf(ValidationError);

    const second = tokenOf(linkIn((await (await requestFor(owner.email)).messages())[0].raw));
    const third = tokenOf(linkIn((await (await requestFor(owner.email)).messages())[0].raw));
    await resetPassword({ db: t.db, input: { token: third, password: "a fresh long passphrase" } });
    expect(await checkResetToken(t.db, second)).toBe("invalid");
    const audits = await withTenant(tenant.id, (tx) => tx.select().from(schema.auditLog).where(eq(schema.auditLog.action, "security.password_reset")), { db: t.db });
    expect(audits).toHaveLength(1);
  });
});
