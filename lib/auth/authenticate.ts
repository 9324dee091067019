import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { withTenant, type Db } from "@/lib/db";
import { AppError } from "@/lib/http/errors";
import type { SecretBox } from "@/lib/security/secret-box";
import { insertSession, type SessionPolicy } from "@/lib/security/sessions";
import { hasTwoFactor, verifySecondFactor } from "@/lib/security/second-factor";
import { listWorkspaces, type Workspace } from "@/lib/tenants";
import { verifyAgainstDummy, verifyPassword } from "./password";

export type AuthUser = { id: string; email: string; name: string };

/** Email and password, checked in constant-ish time whether or not the account exists. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<AuthUser | null> {
  const result = await db.execute<{ id: string; email: string; name: string; password_hash: string }>(
    sql`select id, email, name, password_hash from users where lower(email) = ${email.toLowerCase()} limit 1`,
  );
  const row = result.rows[0];
  if (!row) {
    await verifyAgainstDummy(password);
    return null;
  }
  if (!(await verifyPassword(row.password_hash, password))) return null;
  return { id: row.id, email: row.email, name: row.name };
}

/** The password was right; the account has two-factor sign-in and the code is missing or wrong. */
export class TwoFactorChallenge {
  constructor(readonly reason: "TwoFactorRequired" | "TwoFactorInvalid") {}
}

/** The same, for JSON transports (root-domain log-in, invitation acceptance). */
export class TwoFactorRequiredError extends AppError {
  constructor(invalid: boolean) {
    super(
      "two_factor_required",
      invalid ? "That code didn't work. Codes can be used once; wait for the next one." : "Enter the code from your authenticator app.",
      401,
      { code: invalid ? "That code didn't work. Codes can be used once; wait for the next one." : "Enter the 6-digit code from your authenticator app, or a recovery code." },
    );
  }
}

/**
 * The second step for accounts with two-factor sign-in: null when it passes (or isn't enabled),
 * else the challenge to send back. A TOTP code is accepted once (lib/security/second-factor.ts).
 */
export async function checkSecondFactor(
  db: Db,
  box: SecretBox,
  userId: string,
  code: string | undefined,
): Promise<{ challenge: TwoFactorChallenge | null; method: "password" | "password+totp" | "password+recovery" }> {
  if (!(await hasTwoFactor(db, userId))) return { challenge: null, method: "password" };
  if (!code) return { challenge: new TwoFactorChallenge("TwoFactorRequired"), method: "password" };
  const used = await verifySecondFactor(db, box, userId, code);
  if (!used) return { challenge: new TwoFactorChallenge("TwoFactorInvalid"), method: "password" };
  return { challenge: null, method: used === "totp" ? "password+totp" : "password+recovery" };
}

/**
 * Sign-in on a tenant's subdomain: valid credentials AND a membership in that tenant AND, when
 * the account has it, the second factor. The audit row and the server-side session are written
 * in one transaction.
 */
export async function authenticateForTenant(
  db: Db,
  args: {
    tenantId: string;
    email: string;
    password: string;
    ip?: string | null;
    code?: string;
    box?: SecretBox;
    session?: { policy: SessionPolicy; userAgent: string | null };
  },
): Promise<(AuthUser & { sessionId?: string }) | TwoFactorChallenge | null> {
  const user = await verifyCredentials(db, args.email, args.password);
  const member = user
    ? await withTenant(args.tenantId, async (tx) => (await tx.execute(sql`select 1 from memberships where user_id = ${user.id}`)).rows.length > 0, { db })
    : false;
  let second: Awaited<ReturnType<typeof checkSecondFactor>> = { challenge: null, method: "password" };
  if (user && member) {
    if (!args.box && (await hasTwoFactor(db, user.id))) throw new Error("authenticateForTenant needs a SecretBox for two-factor accounts");
    if (args.box) second = await checkSecondFactor(db, args.box, user.id, args.code);
    // Asking for the code is not a failure; a wrong code is.
    if (second.challenge?.reason === "TwoFactorRequired") return second.challenge;
  }
  const ok = Boolean(user && member && !second.challenge);
  const sessionId = await withTenant(
    args.tenantId,
    async (tx) => {
      await recordAudit(tx, {
        tenantId: args.tenantId,
        actorUserId: member ? user!.id : null,
        action: ok ? "auth.login" : "auth.login_failed",
        target: args.email,
        ip: args.ip,
        ...(second.challenge ? { data: { reason: "two_factor_code" } } : ok ? { data: { method: second.method } } : {}),
      });
      if (!ok || !args.session) return undefined;
      return insertSession(tx, { tenantId: args.tenantId, userId: user!.id, method: second.method, ip: args.ip, userAgent: args.session.userAgent }, args.session.policy);
    },
    { db, userId: user?.id },
  );
  if (second.challenge) return second.challenge;
  return ok ? { ...user!, sessionId } : null;
}

/**
 * Log-in from the root domain: which workspaces may this person enter? The one-time links it
 * leads to are issued only after the second factor, so the hand-off cannot bypass it.
 */
export async function findWorkspacesForLogin(
  db: Db,
  email: string,
  password: string,
  second?: { code?: string; box: SecretBox },
): Promise<{ user: AuthUser; workspaces: Workspace[] } | null> {
  const user = await verifyCredentials(db, email, password);
  if (!user) return null;
  if (await hasTwoFactor(db, user.id)) {
    if (!second) throw new TwoFactorRequiredError(false);
    const result = await checkSecondFactor(db, second.box, user.id, second.code);
    if (result.challenge) throw new TwoFactorRequiredError(result.challenge.reason === "TwoFactorInvalid");
  }
  return { user, workspaces: await listWorkspaces(db, user.id) };
}
