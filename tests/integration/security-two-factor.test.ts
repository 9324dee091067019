import { eq, sql } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateForTenant, findWorkspacesForLogin } from "@/lib/auth";
import { TwoFactorChallenge, TwoFactorRequiredError } from "@/lib/auth/authenticate";
import { schema } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { confirmTwoFactorEnrolment, disableTwoFactor, startTwoFactorEnrolment, twoFactorStatus } from "@/lib/security";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { auditActions, box, count, ctxFor, newWorkspace, PASSWORD, policy, rejection } from "./team-kit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

/** The code an authenticator app shows `stepsAhead` 30-second steps from now. */
const codeAt = (secret: string, stepsAhead = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

async function enrolled() {
  const ws = await newWorkspace(t.db);
  const ctx = await ctxFor(t.db, ws.tenant.id, ws.owner);
  const { secret, uri, qrDataUrl } = await startTwoFactorEnrolment({ ctx, box });
  const enrolCode = await codeAt(secret);
  const { recoveryCodes } = await confirmTwoFactorEnrolment({ ctx, box, input: { code: enrolCode } });
  return { ...ws, ctx, secret, uri, qrDataUrl, enrolCode, recoveryCodes };
}

const signIn = (tenantId: string, email: string, code?: string) =>
  authenticateForTenant(t.db, { tenantId, email, password: PASSWORD, code, box, ip: "192.0.2.1", session: { policy, userAgent: "vitest" } });

describe("two-factor enrolment", () => {
  it("offers a QR code, refuses a wrong code, and turns on with 10 recovery codes stored only as hashes", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, tenant.id, owner);
    const start = await startTwoFactorEnrolment({ ctx, box });
    expect(start.uri).toMatch(/^otpauth:\/\/totp\/Monitr:.+\?secret=[A-Z2-7]+&issuer=Monitr$/);
    expect(start.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const wrong = await rejection(confirmTwoFactorEnrolment({ ctx, box, input: { code: "000000" } }));
    expect(wrong).toBeInstanceOf(ValidationError);
    expect((await twoFactorStatus(ctx)).enabled).toBe(false);

    const { recoveryCodes } = await confirmTwoFactorEnrolment({ ctx, box, input: { code: await codeAt(start.secret) } });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await twoFactorStatus(ctx)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    const [user] = await t.db.select().from(schema.users).where(eq(schema.users.id, owner.id));
    expect(user.totpSecret).not.toContain(start.secret);
    expect(user.totpSecret).toMatch(/^v1\./);
    const stored = await t.db.select().from(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, owner.id));
    expect(stored.map((r) => r.codeHash)).not.toContain(recoveryCodes[0]);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.codeHash))).toBe(true);
    expect(await auditActions(t.db, tenant.id)).toContain("security.2fa_enabled");
    expect(await rejection(startTwoFactorEnrolment({ ctx, box }))).toBeInstanceOf(ConflictError);
  });
});

describe("sign-in with two-factor", () => {
  it("asks for the code, refuses a wrong one and a reused one, accepts the next one", async () => {
    const e = await enrolled();
    expect(await signIn(e.tenant.id, e.owner.email)).toEqual(new TwoFactorChallenge("TwoFactorRequired"));
    expect(await signIn(e.tenant.id, e.owner.email, "123456")).toEqual(new TwoFactorChallenge("TwoFactorInvalid"));
    // The enrolment code's time step is spent: the same code cannot sign in within its window.
    expect(await signIn(e.tenant.id, e.owner.email, e.enrolCode)).toEqual(new TwoFactorChallenge("TwoFactorInvalid"));
    const next = await codeAt(e.secret, 1);
    const ok = await signIn(e.tenant.id, e.owner.email, next);
    expect(ok).toMatchObject({ id: e.owner.id, sessionId: expect.any(String) });
    expect(await signIn(e.tenant.id, e.owner.email, next)).toEqual(new TwoFactorChallenge("TwoFactorInvalid"));
    const actions = await auditActions(t.db, e.tenant.id);
    expect(actions.filter((a) => a === "auth.login_failed")).toHaveLength(3);
    expect(actions.at(-2)).toBe("auth.login");
  });

  it("accepts each recovery code once, in any case and spacing", async () => {
    const e = await enrolled();
    const code = e.recoveryCodes[3];
    const typed = ` ${code.toLowerCase().replace(/-/g, " ")} `;
    expect(await signIn(e.tenant.id, e.owner.email, typed)).toMatchObject({ id: e.owner.id });
    expect(await signIn(e.tenant.id, e.owner.email, code)).toEqual(new TwoFactorChallenge("TwoFactorInvalid"));
    expect(await twoFactorStatus(e.ctx)).toMatchObject({ recoveryCodesLeft: 9 });
  });

  it("the root-domain log-in asks for the code before it hands out workspace links", async () => {
    const e = await enrolled();
    const missing = await rejection(findWorkspacesForLogin(t.db, e.owner.email, PASSWORD, { box }));
    expect(missing).toBeInstanceOf(TwoFactorRequiredError);
    expect(await rejection(findWorkspacesForLogin(t.db, e.owner.email, PASSWORD))).toBeInstanceOf(TwoFactorRequiredError);
    expect(await rejection(findWorkspacesForLogin(t.db, e.owner.email, PASSWORD, { box, code: e.enrolCode }))).toMatchObject({ code: "two_factor_required" });
    const found = await findWorkspacesForLogin(t.db, e.owner.email, PASSWORD, { box, code: await codeAt(e.secret, 1) });
    expect(found?.workspaces.map((w) => w.slug)).toEqual([e.tenant.slug]);
    // A wrong password still reads as a wrong password, not as "enter your code".
    expect(await findWorkspacesForLogin(t.db, e.owner.email, "wrong password!", { box })).toBeNull();
  });

  it("turns off only with the password and a valid code", async () => {
    const e = await enrolled();
    const wrongPassword = (await rejection(disableTwoFactor({ ctx: e.ctx, box, input: { password: "nope nope nope", code: e.recoveryCodes[0] } }))) as ValidationError;
    expect(wrongPassword.fields).toEqual({ password: expect.any(String) });
    const wrongCode = (await rejection(disableTwoFactor({ ctx: e.ctx, box, input: { password: PASSWORD, code: "999999" } }))) as ValidationError;
    expect(wrongCode.fields).toEqual({ code: expect.any(String) });
    expect((await twoFactorStatus(e.ctx)).enabled).toBe(true);
    await disableTwoFactor({ ctx: e.ctx, box, input: { password: PASSWORD, code: e.recoveryCodes[1] } });
    expect(await twoFactorStatus(e.ctx)).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
    expect(await count(t.db, sql`select count(*) from recovery_codes where user_id = ${e.owner.id}`)).toBe(0);
    expect(await signIn(e.tenant.id, e.owner.email)).toMatchObject({ id: e.owner.id });
    expect(await auditActions(t.db, e.tenant.id)).toContain("security.2fa_disabled");
  });
});
