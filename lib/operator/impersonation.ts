import crypto from "node:crypto";
import { and, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { enterTenant, schema, withTenant, type Db } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { Tenant } from "@/lib/tenants";
import { recordOperatorAudit } from "./operator-audit";
import type { Operator } from "./operator-session";

/*
 * Support impersonation: a platform admin enters a workspace for a limited time, read-only (the
 * viewer role) unless elevated (admin, never owner). Started on the admin host, it hands over to
 * the workspace's host with a one-time link; redeeming it rotates the token, so the link in
 * browser history opens nothing. The cookie lives on that host only. Start, redemption and end
 * are audited on both sides: the workspace's audit log and the operator's.
 */
export const IMPERSONATION_COOKIE = "monitr_impersonation";

export const StartImpersonationInput = z.object({
  tenantId: z.uuid(),
  reason: z.string().trim().min(3, "Say why (it is shown to the workspace's admins in the audit log).").max(300),
  minutes: z.coerce.number().int().min(5, "At least 5 minutes.").max(240, "At most 4 hours.").default(30),
  elevated: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()).default(false),
});
export type StartImpersonationInput = z.infer<typeof StartImpersonationInput>;

export type ImpersonationSession = typeof schema.impersonationSessions.$inferSelect;

const hash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");
const newToken = () => crypto.randomBytes(32).toString("base64url");

export async function startImpersonation({ db, operator, input, ip }: { db: Db; operator: Operator; input: StartImpersonationInput; ip?: string | null }): Promise<{ tenant: Tenant; linkToken: string; session: ImpersonationSession }> {
  const token = newToken();
  return db.transaction(async (tx) => {
    const [tenant] = await tx.select().from(schema.tenants).where(eq(schema.tenants.id, input.tenantId));
    if (!tenant) throw new NotFoundError("No such workspace.");
    const expiresAt = new Date(Date.now() + input.minutes * 60_000);
    const data = { operator: operator.email, reason: input.reason, elevated: input.elevated, expiresAt: expiresAt.toISOString() };
    await recordOperatorAudit(tx, { operatorEmail: operator.email, action: "impersonation.started", subjectTenantId: tenant.id, data: { slug: tenant.slug, ...data }, ip });
    await enterTenant(tx, tenant.id);
    const [session] = await tx
      .insert(schema.impersonationSessions)
      .values({ tenantId: tenant.id, tokenHash: hash(token), operatorUserId: operator.userId, operatorEmail: operator.email, reason: input.reason, elevated: input.elevated, expiresAt })
      .returning();
    await recordAudit(tx, { tenantId: tenant.id, actorUserId: null, action: "support.impersonation_started", target: session.id, data, ip });
    return { tenant, linkToken: token, session };
  });
}

/** Exchanges the one-time link for the cookie's token (a fresh one); null when the link is spent or expired. */
export async function redeemImpersonation({ db, tenantId, linkToken }: { db: Db; tenantId: string; linkToken: string }): Promise<{ cookieToken: string; expiresAt: Date } | null> {
  const cookieToken = newToken();
  return withTenant(
    tenantId,
    async (tx) => {
      const s = schema.impersonationSessions;
      const [row] = await tx
        .update(s)
        .set({ tokenHash: hash(cookieToken), redeemedAt: new Date() })
        .where(and(eq(s.tenantId, tenantId), eq(s.tokenHash, hash(linkToken)), isNull(s.redeemedAt), isNull(s.endedAt), gt(s.expiresAt, new Date())))
        .returning();
      return row ? { cookieToken, expiresAt: row.expiresAt } : null;
    },
    { db },
  );
}

/** The live impersonation a cookie names on this workspace's host, if any. */
export async function findImpersonation(db: Db, tenantId: string, cookieToken: string | undefined): Promise<ImpersonationSession | null> {
  if (!cookieToken || cookieToken.length > 100) return null;
  return withTenant(
    tenantId,
    async (tx) => {
      const s = schema.impersonationSessions;
      const [row] = await tx
        .select()
        .from(s)
        .where(and(eq(s.tenantId, tenantId), eq(s.tokenHash, hash(cookieToken)), isNotNull(s.redeemedAt), isNull(s.endedAt), gt(s.expiresAt, new Date())))
        .limit(1);
      return row ?? null;
    },
    { db },
  );
}

/** The guard's context while impersonating: the operator acts as viewer, or admin when elevated. */
export function impersonationContext(db: Db, tenant: Tenant, session: ImpersonationSession): TenantContext {
  return {
    tenant,
    db,
    actor: { userId: session.operatorUserId, email: session.operatorEmail, name: `Monitr support (${session.operatorEmail})`, role: session.elevated ? "admin" : "viewer" },
  };
}

export async function endImpersonation({ db, tenantId, cookieToken, ip }: { db: Db; tenantId: string; cookieToken: string; ip?: string | null }): Promise<boolean> {
  return db.transaction(async (tx) => {
    await enterTenant(tx, tenantId);
    const s = schema.impersonationSessions;
    const [row] = await tx
      .update(s)
      .set({ endedAt: new Date() })
      .where(and(eq(s.tenantId, tenantId), eq(s.tokenHash, hash(cookieToken)), isNull(s.endedAt)))
      .returning();
    if (!row) return false;
    await recordAudit(tx, { tenantId, actorUserId: null, action: "support.impersonation_ended", target: row.id, data: { operator: row.operatorEmail }, ip });
    // Back to the owner role for the global operator_audit table (monitr_app has no grant on it).
    await tx.execute(sql`set local role none`);
    await recordOperatorAudit(tx, { operatorEmail: row.operatorEmail, action: "impersonation.ended", subjectTenantId: tenantId, data: { sessionId: row.id }, ip });
    return true;
  });
}
