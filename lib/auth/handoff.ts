import { and, eq, gt, isNull, sql } from "drizzle-orm";
import crypto from "node:crypto";
import { schema, withTenant, type Db, type Tx } from "@/lib/db";

const HANDOFF_TTL_SECONDS = 120;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * Session cookies are host-only, so a user signed in on the root domain is carried to their
 * workspace with a one-time token: single use, valid two minutes, stored only as a hash, and
 * bound to the tenant it was issued for.
 */
export async function issueHandoff(tx: Tx, tenantId: string, userId: string): Promise<string> {
  const token = crypto.randomBytes(32).toString("base64url");
  await tx.insert(schema.loginHandoffs).values({
    tenantId,
    userId,
    tokenHash: hashToken(token),
    expiresAt: new Date(Date.now() + HANDOFF_TTL_SECONDS * 1000),
  });
  return token;
}

export async function createHandoff(db: Db, tenantId: string, userId: string): Promise<string> {
  return withTenant(tenantId, (tx) => issueHandoff(tx, tenantId, userId), { db, userId });
}

/** Redeems a token on the tenant's own host. Returns the user, or null when invalid, used or expired. */
export async function redeemHandoff(db: Db, tenantId: string, token: string): Promise<{ id: string; email: string; name: string } | null> {
  if (!token || token.length > 200) return null;
  return withTenant(
    tenantId,
    async (tx) => {
      const [row] = await tx
        .update(schema.loginHandoffs)
        .set({ usedAt: sql`now()` })
        .where(and(eq(schema.loginHandoffs.tokenHash, hashToken(token)), isNull(schema.loginHandoffs.usedAt), gt(schema.loginHandoffs.expiresAt, sql`now()`)))
        .returning({ userId: schema.loginHandoffs.userId });
      if (!row) return null;
      // Through the application role, users are visible only when they are members of this tenant.
      const [user] = await tx
        .select({ id: schema.users.id, email: schema.users.email, name: schema.users.name })
        .from(schema.users)
        .innerJoin(schema.memberships, eq(schema.memberships.userId, schema.users.id))
        .where(eq(schema.users.id, row.userId))
        .limit(1);
      return user ?? null;
    },
    { db },
  );
}
