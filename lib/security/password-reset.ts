import crypto from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { hashToken } from "@/lib/auth/handoff";
import { hashPassword, passwordProblem, PASSWORD_MAX } from "@/lib/auth/password";
import { Email } from "@/lib/auth/schemas";
import { schema, type Db } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { logger } from "@/lib/log";
import type { Mailer } from "@/lib/mail";
import { revokeUserSessions } from "./sessions";
import { auditInTenant, enterUser, memberTenantIds } from "./tenant-switch";

export const RESET_TTL_SECONDS = 3600;

export const ResetRequestInput = z.object({ email: Email });
export type ResetRequestInput = z.infer<typeof ResetRequestInput>;
export const ResetPasswordInput = z.object({
  token: z.string({ error: "This reset link is not valid." }).min(1, "This reset link is not valid.").max(200, "This reset link is not valid."),
  password: z.string({ error: "Choose a new password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
});
export type ResetPasswordInput = z.infer<typeof ResetPasswordInput>;

/**
 * "Forgot password?": when the address has an account, mail a link (token stored as SHA-256,
 * one hour, single use). The caller answers the same thing either way, so the form never tells
 * whether an address has an account.
 */
export async function requestPasswordReset({
  db,
  mailer,
  input,
  resetUrl,
  ip,
}: {
  db: Db;
  mailer: Mailer;
  input: unknown;
  resetUrl: (token: string) => string;
  ip?: string | null;
}): Promise<void> {
  const { email } = parseInput(ResetRequestInput, input);
  const [user] = await db
    .select({ id: schema.users.id, name: schema.users.name, email: schema.users.email })
    .from(schema.users)
    .where(sql`lower(${schema.users.email}) = ${email}`)
    .limit(1);
  if (!user) return;
  const token = crypto.randomBytes(32).toString("base64url");
  await db.insert(schema.passwordResets).values({ tokenHash: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_TTL_SECONDS * 1000), ip: ip ?? null });
  const link = resetUrl(token);
  await mailer
    .send({
      to: user.email,
      subject: "Reset your Monitr password",
      text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset the password of your Monitr account.\nChoose a new password here (the link works once, for one hour):\n\n${link}\n\nIf you didn't ask, ignore this email; your password stays as it is.\n`,
    })
    .catch((error: unknown) => logger.error({ err: error }, "password reset mail failed"));
}

export type ResetTokenState = "valid" | "invalid";

/** For the reset page: is this link still usable (unknown, used and expired all read the same)? */
export async function checkResetToken(db: Db, token: string): Promise<ResetTokenState> {
  if (!token || token.length > 200) return "invalid";
  const [row] = await db
    .select({ userId: schema.passwordResets.userId })
    .from(schema.passwordResets)
    .where(and(eq(schema.passwordResets.tokenHash, hashToken(token)), isNull(schema.passwordResets.usedAt), gt(schema.passwordResets.expiresAt, sql`now()`)))
    .limit(1);
  return row ? "valid" : "invalid";
}

/**
 * Sets the new password, consumes the link (and every other open link of this account), signs
 * out every session in every workspace and audits it in each, all in one transaction.
 */
export async function resetPassword({ db, input, ip }: { db: Db; input: unknown; ip?: string | null }): Promise<{ email: string }> {
  const data = parseInput(ResetPasswordInput, input);
  const invalid = () => new ValidationError("This reset link has expired or was already used. Ask for a new one.", { token: "This reset link has expired or was already used." });
  const tokenHash = hashToken(data.token);
  const [pending] = await db
    .select({ email: schema.users.email })
    .from(schema.passwordResets)
    .innerJoin(schema.users, eq(schema.users.id, schema.passwordResets.userId))
    .where(and(eq(schema.passwordResets.tokenHash, tokenHash), isNull(schema.passwordResets.usedAt), gt(schema.passwordResets.expiresAt, sql`now()`)));
  if (!pending) throw invalid();
  // Checked before the link is consumed, so a rejected password doesn't burn it.
  const weak = passwordProblem(data.password, { email: pending.email });
  if (weak) throw new ValidationError("Choose a stronger password.", { password: weak });
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const [used] = await tx
      .update(schema.passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(schema.passwordResets.tokenHash, tokenHash), isNull(schema.passwordResets.usedAt), gt(schema.passwordResets.expiresAt, sql`now()`)))
      .returning({ userId: schema.passwordResets.userId });
    if (!used) throw invalid();
    await tx
      .update(schema.passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(schema.passwordResets.userId, used.userId), isNull(schema.passwordResets.usedAt)));
    await tx.update(schema.users).set({ passwordHash, passwordChangedAt: sql`now()` }).where(eq(schema.users.id, used.userId));
    await enterUser(tx, used.userId);
    const ended = await revokeUserSessions(tx, used.userId, { reason: "password_reset" });
    for (const tenantId of await memberTenantIds(tx, used.userId)) {
      await auditInTenant(tx, { tenantId, actorUserId: used.userId, action: "security.password_reset", target: pending.email, ip, data: { sessionsEnded: ended.filter((s) => s.tenantId === tenantId).length } });
    }
    return { email: pending.email };
  });
}
