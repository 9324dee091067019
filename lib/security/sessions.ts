import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { schema, withTenant, withUser, type Db, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { Role } from "@/lib/tenants";
import { listWorkspaces } from "@/lib/tenants";
import type { SessionMethod } from "@/db/tables/team";
import { auditInTenant, enterUser } from "./tenant-switch";

/** Lifetime and idle timeout, from config (SESSION_MAX_AGE_SECONDS, SESSION_IDLE_TIMEOUT_SECONDS). */
export type SessionPolicy = { maxAgeSeconds: number; idleTimeoutSeconds: number };

// last_seen_at is written at most once a minute per session, not on every request.
const TOUCH_AFTER_SECONDS = 60;

export type NewSession = { tenantId: string; userId: string; method: SessionMethod; ip?: string | null; userAgent?: string | null };

/** Inside a transaction already entered into the session's tenant. */
export async function insertSession(tx: Tx, session: NewSession, policy: SessionPolicy): Promise<string> {
  const [row] = await tx
    .insert(schema.sessions)
    .values({
      tenantId: session.tenantId,
      userId: session.userId,
      method: session.method,
      ip: session.ip ?? null,
      userAgent: session.userAgent?.slice(0, 400) ?? null,
      expiresAt: new Date(Date.now() + policy.maxAgeSeconds * 1000),
    })
    .returning({ id: schema.sessions.id });
  return row.id;
}

export async function createSession(db: Db, session: NewSession, policy: SessionPolicy): Promise<string> {
  return withTenant(session.tenantId, (tx) => insertSession(tx, session, policy), { db, userId: session.userId });
}

export type SessionCheck = { status: "ok"; role: Role } | { status: "ended" } | { status: "not-member" };

/**
 * The guard's check on every request: the session row exists, is not revoked, not past its
 * lifetime, not idle for longer than the idle timeout, and its user is still a member.
 */
export async function checkSession(
  db: Db,
  args: { tenantId: string; userId: string; sessionId: string; policy: SessionPolicy },
): Promise<SessionCheck> {
  return withTenant(
    args.tenantId,
    async (tx) => {
      const result = await tx.execute<{ role: Role | null; stale: boolean }>(sql`
        select m.role, s.last_seen_at < now() - make_interval(secs => ${TOUCH_AFTER_SECONDS}) as stale
          from sessions s left join memberships m on m.tenant_id = s.tenant_id and m.user_id = s.user_id
         where s.tenant_id = ${args.tenantId} and s.id = ${args.sessionId} and s.user_id = ${args.userId}
           and s.revoked_at is null and s.expires_at > now()
           and s.last_seen_at > now() - make_interval(secs => ${args.policy.idleTimeoutSeconds})`);
      const row = result.rows[0];
      if (!row) return { status: "ended" } as const;
      if (!row.role) return { status: "not-member" } as const;
      if (row.stale) {
        await tx.execute(sql`update sessions set last_seen_at = now() where tenant_id = ${args.tenantId} and id = ${args.sessionId}`);
      }
      return { status: "ok", role: row.role } as const;
    },
    { db, userId: args.userId },
  );
}

export type SessionInfo = {
  id: string;
  tenantId: string;
  workspace: string;
  userAgent: string | null;
  ip: string | null;
  method: string;
  createdAt: Date;
  lastSeenAt: Date;
  current: boolean;
};

/** The person's active sessions in every workspace, most recently used first. */
export async function listMySessions(
  db: Db,
  args: { userId: string; currentSessionId?: string; policy: SessionPolicy },
): Promise<SessionInfo[]> {
  const rows = await withUser(
    args.userId,
    (tx) =>
      tx
        .select()
        .from(schema.sessions)
        .where(
          and(
            eq(schema.sessions.userId, args.userId),
            isNull(schema.sessions.revokedAt),
            sql`${schema.sessions.expiresAt} > now()`,
            sql`${schema.sessions.lastSeenAt} > now() - make_interval(secs => ${args.policy.idleTimeoutSeconds})`,
          ),
        )
        .orderBy(sql`${schema.sessions.lastSeenAt} desc`),
    { db },
  );
  const names = new Map((await listWorkspaces(db, args.userId)).map((w) => [w.id, w.name]));
  return rows
    .filter((r) => names.has(r.tenantId))
    .map((r) => ({
      id: r.id,
      tenantId: r.tenantId,
      workspace: names.get(r.tenantId)!,
      userAgent: r.userAgent,
      ip: r.ip,
      method: r.method,
      createdAt: r.createdAt,
      lastSeenAt: r.lastSeenAt,
      current: r.id === args.currentSessionId,
    }));
}

export type RevokedSession = { tenantId: string; id: string };

/**
 * Ends this user's sessions in every workspace (all, or all but one), inside the caller's
 * transaction, which must have entered the user (enterUser / withUser).
 */
export async function revokeUserSessions(tx: Tx, userId: string, options: { exceptId?: string; reason: string }): Promise<RevokedSession[]> {
  return tx
    .update(schema.sessions)
    .set({ revokedAt: sql`now()`, revokedReason: options.reason })
    .where(
      and(
        eq(schema.sessions.userId, userId),
        isNull(schema.sessions.revokedAt),
        options.exceptId ? ne(schema.sessions.id, options.exceptId) : undefined,
      ),
    )
    .returning({ tenantId: schema.sessions.tenantId, id: schema.sessions.id });
}

type Actor = { userId: string; tenantId: string; sessionId?: string; ip?: string | null };

/** "Sign out" on one row of the sessions list; the session may live in another workspace. */
export async function revokeMySession(db: Db, actor: Actor, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await enterUser(tx, actor.userId);
    const [row] = await tx
      .update(schema.sessions)
      .set({ revokedAt: sql`now()`, revokedReason: "signed_out_by_user" })
      .where(and(eq(schema.sessions.id, sessionId), eq(schema.sessions.userId, actor.userId), isNull(schema.sessions.revokedAt)))
      .returning({ tenantId: schema.sessions.tenantId, id: schema.sessions.id });
    if (!row) throw new NotFoundError("This session has already ended.");
    await auditInTenant(tx, { tenantId: row.tenantId, actorUserId: actor.userId, action: "session.revoked", target: row.id, ip: actor.ip, data: { by: "user" } });
  });
}

/** "Sign out everywhere else": every session of this person except the one making the request. */
export async function revokeMyOtherSessions(db: Db, actor: Actor): Promise<number> {
  return db.transaction(async (tx) => {
    await enterUser(tx, actor.userId);
    const revoked = await revokeUserSessions(tx, actor.userId, { exceptId: actor.sessionId, reason: "signed_out_everywhere" });
    await auditInTenant(tx, {
      tenantId: actor.tenantId,
      actorUserId: actor.userId,
      action: "session.revoked_all",
      ip: actor.ip,
      data: { count: revoked.length },
    });
    return revoked.length;
  });
}

/** The session that signs out through next-auth's "Log out" (its id is in the JWT). */
export async function endSession(db: Db, args: { tenantId: string; userId: string; sessionId: string }): Promise<void> {
  await withTenant(
    args.tenantId,
    async (tx) => {
      const ended = await tx
        .update(schema.sessions)
        .set({ revokedAt: sql`now()`, revokedReason: "logged_out" })
        .where(and(eq(schema.sessions.tenantId, args.tenantId), eq(schema.sessions.id, args.sessionId), isNull(schema.sessions.revokedAt)))
        .returning({ ip: schema.sessions.ip });
      if (ended.length) await recordAudit(tx, { tenantId: args.tenantId, actorUserId: args.userId, action: "auth.logout", target: args.sessionId });
    },
    { db, userId: args.userId },
  );
}
