import { and, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { verifyPassword } from "@/lib/auth/password";
import { schema, type Tx } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { totpPurpose, type SecretBox } from "./secret-box";
import { recoveryCodesLeft, verifySecondFactor } from "./second-factor";
import { auditInTenant, enterUser, memberTenantIds } from "./tenant-switch";
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, totpQrDataUrl, totpUri } from "./totp";

export const TwoFactorCode = z.object({ code: z.string({ error: "Enter the code." }).trim().min(1, "Enter the code.").max(32, "That code is too long.") });
export type TwoFactorCode = z.infer<typeof TwoFactorCode>;
export const DisableTwoFactorInput = TwoFactorCode.extend({
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(200),
});
export type DisableTwoFactorInput = z.infer<typeof DisableTwoFactorInput>;

export type TwoFactorStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function twoFactorStatus(ctx: TenantContext): Promise<TwoFactorStatus> {
  const [row] = await ctx.db.select({ at: schema.users.totpEnabledAt }).from(schema.users).where(eq(schema.users.id, ctx.actor.userId));
  return { enabled: Boolean(row?.at), enabledAt: row?.at ?? null, recoveryCodesLeft: row?.at ? await recoveryCodesLeft(ctx.db, ctx.actor.userId) : 0 };
}

/**
 * An account-wide change is audited in every workspace of the person, in the transaction that
 * makes it (global rows are written first, as the owner role; then the transaction drops to the
 * application role).
 */
export async function auditAccountChange(tx: Tx, ctx: TenantContext, action: string, data: Record<string, unknown> = {}): Promise<void> {
  await enterUser(tx, ctx.actor.userId);
  for (const tenantId of await memberTenantIds(tx, ctx.actor.userId)) {
    await auditInTenant(tx, { tenantId, actorUserId: ctx.actor.userId, action, target: ctx.actor.email, ip: ctx.session?.ip, data: { ...data, via: ctx.tenant.slug } });
  }
}

/** Step 1: a new secret, kept sealed as pending until a code from the app proves it was scanned. */
export async function startTwoFactorEnrolment({ ctx, box }: { ctx: TenantContext; box: SecretBox }): Promise<{ secret: string; uri: string; qrDataUrl: string }> {
  const [row] = await ctx.db.select({ at: schema.users.totpEnabledAt }).from(schema.users).where(eq(schema.users.id, ctx.actor.userId));
  if (row?.at) throw new ConflictError("Two-factor sign-in is already on. Turn it off first to use another device.");
  const secret = newTotpSecret();
  await ctx.db.update(schema.users).set({ totpPendingSecret: box.seal(secret, totpPurpose(ctx.actor.userId)) }).where(eq(schema.users.id, ctx.actor.userId));
  const uri = totpUri(secret, ctx.actor.email);
  return { secret, uri, qrDataUrl: await totpQrDataUrl(uri) };
}

/** Step 2: the code checks out → two-factor is on, with 10 recovery codes shown this once. */
export async function confirmTwoFactorEnrolment({ ctx, box, input }: { ctx: TenantContext; box: SecretBox; input: unknown }): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(TwoFactorCode, input);
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx
      .select({ pending: schema.users.totpPendingSecret, at: schema.users.totpEnabledAt })
      .from(schema.users)
      .where(eq(schema.users.id, ctx.actor.userId))
      .for("update");
    if (user?.at) throw new ConflictError("Two-factor sign-in is already on.");
    if (!user?.pending) throw new ConflictError("Start again: scan a new QR code.");
    const step = await matchTotp(box.open(user.pending, totpPurpose(ctx.actor.userId)), code, null);
    if (step === null) throw new ValidationError("That code didn't match.", { code: "That code didn't match. Check the time on your phone and enter the current code." });
    await tx
      .update(schema.users)
      .set({ totpSecret: user.pending, totpPendingSecret: null, totpEnabledAt: sql`now()`, totpLastStep: step })
      .where(eq(schema.users.id, ctx.actor.userId));
    const recoveryCodes = await replaceRecoveryCodes(tx, ctx.actor.userId);
    await auditAccountChange(tx, ctx, "security.2fa_enabled");
    return { recoveryCodes };
  });
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, userId));
  await tx.insert(schema.recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })));
  return codes;
}

/** Turning it off needs the password and a current code (or a recovery code). */
export async function disableTwoFactor({ ctx, box, input }: { ctx: TenantContext; box: SecretBox; input: unknown }): Promise<void> {
  const data = parseInput(DisableTwoFactorInput, input);
  const [user] = await ctx.db
    .select({ hash: schema.users.passwordHash, at: schema.users.totpEnabledAt })
    .from(schema.users)
    .where(eq(schema.users.id, ctx.actor.userId));
  if (!user?.at) throw new ConflictError("Two-factor sign-in is not on.");
  if (!(await verifyPassword(user.hash, data.password))) throw new ValidationError("Your password is not correct.", { password: "Your password is not correct." });
  if (!(await verifySecondFactor(ctx.db, box, ctx.actor.userId, data.code))) {
    throw new ValidationError("That code didn't work.", { code: "That code didn't work. Codes can be used once; wait for the next one." });
  }
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(schema.users)
      .set({ totpSecret: null, totpPendingSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(and(eq(schema.users.id, ctx.actor.userId), isNotNull(schema.users.totpEnabledAt)));
    await tx.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, ctx.actor.userId));
    await auditAccountChange(tx, ctx, "security.2fa_disabled");
  });
}

/** New recovery codes (the old ones stop working), after a current code. */
export async function regenerateRecoveryCodes({ ctx, box, input }: { ctx: TenantContext; box: SecretBox; input: unknown }): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(TwoFactorCode, input);
  if (!(await verifySecondFactor(ctx.db, box, ctx.actor.userId, code))) {
    throw new ValidationError("That code didn't work.", { code: "That code didn't work. Codes can be used once; wait for the next one." });
  }
  return ctx.db.transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, ctx.actor.userId);
    await auditAccountChange(tx, ctx, "security.recovery_codes_regenerated");
    return { recoveryCodes };
  });
}
