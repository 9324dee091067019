import { and, eq, isNull, or, lt, sql } from "drizzle-orm";
import { schema, type Queryable } from "@/lib/db";
import { totpPurpose, type SecretBox } from "./secret-box";
import { hashRecoveryCode, looksLikeTotp, matchTotp, normalizeRecoveryCode } from "./totp";

/*
 * Users and recovery codes are global tables: these run as the owner role (the application role
 * cannot read TOTP secrets, like password hashes), on a plain handle or before a transaction
 * drops to the application role.
 */

export async function hasTwoFactor(db: Queryable, userId: string): Promise<boolean> {
  const [row] = await db.select({ at: schema.users.totpEnabledAt }).from(schema.users).where(eq(schema.users.id, userId)).limit(1);
  return Boolean(row?.at);
}

/**
 * Checks a 6-digit TOTP code or a recovery code and consumes it. The accepted time step is
 * recorded with a conditional UPDATE, so of two requests racing with the same code only one
 * wins, and the code cannot be used again within its window. Returns what was used, or null.
 */
export async function verifySecondFactor(db: Queryable, box: SecretBox, userId: string, rawCode: string): Promise<"totp" | "recovery" | null> {
  const code = rawCode.replace(/\s+/g, "");
  const [user] = await db
    .select({ secret: schema.users.totpSecret, lastStep: schema.users.totpLastStep, enabledAt: schema.users.totpEnabledAt })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .limit(1);
  if (!user?.secret || !user.enabledAt) return null;
  if (looksLikeTotp(code)) {
    const step = await matchTotp(box.open(user.secret, totpPurpose(userId)), code, user.lastStep);
    if (step === null) return null;
    const [won] = await db
      .update(schema.users)
      .set({ totpLastStep: step })
      .where(and(eq(schema.users.id, userId), or(isNull(schema.users.totpLastStep), lt(schema.users.totpLastStep, step))))
      .returning({ id: schema.users.id });
    return won ? "totp" : null;
  }
  if (normalizeRecoveryCode(code).length !== 12) return null;
  const [used] = await db
    .update(schema.recoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(and(eq(schema.recoveryCodes.userId, userId), eq(schema.recoveryCodes.codeHash, hashRecoveryCode(code)), isNull(schema.recoveryCodes.usedAt)))
    .returning({ userId: schema.recoveryCodes.userId });
  return used ? "recovery" : null;
}

export async function recoveryCodesLeft(db: Queryable, userId: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`select count(*)::int as n from recovery_codes where user_id = ${userId} and used_at is null`);
  return rows.rows[0]?.n ?? 0;
}
