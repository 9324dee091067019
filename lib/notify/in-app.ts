import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Tx } from "@/lib/db";
import type { Role } from "@/lib/tenants";

/*
 * The bell: one row per recipient, written in the transaction of whatever caused it (an alert
 * transition, a channel flagged as failing), read and marked read by its owner only.
 */
export type InAppNotification = { id: number; title: string; body: string; link: string | null; severity: "critical" | "warning" | "info"; readAt: Date | null; createdAt: Date };

export type NewNotification = { title: string; body?: string; link?: string | null; severity?: "critical" | "warning" | "info" };

/** To every member (or those with one of `roles`) of the tenant the transaction is in. */
export async function notifyMembers(tx: Tx, tenantId: string, items: NewNotification[], options: { roles?: Role[]; at?: Date } = {}): Promise<number> {
  if (items.length === 0) return 0;
  const m = schema.memberships;
  const members = await tx
    .select({ userId: m.userId })
    .from(m)
    .where(and(eq(m.tenantId, tenantId), options.roles ? inArray(m.role, options.roles) : undefined));
  if (members.length === 0) return 0;
  const rows = members.flatMap(({ userId }) =>
    items.map((item) => ({
      tenantId,
      userId,
      title: item.title.slice(0, 300),
      body: (item.body ?? "").slice(0, 2000),
      link: item.link ?? null,
      severity: item.severity ?? ("info" as const),
      ...(options.at ? { createdAt: options.at } : {}),
    })),
  );
  await tx.insert(schema.inAppNotifications).values(rows);
  return rows.length;
}

export async function listNotifications(ctx: TenantContext, options: { limit?: number } = {}): Promise<{ items: InAppNotification[]; unread: number }> {
  const n = schema.inAppNotifications;
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const mine = and(eq(n.tenantId, ctx.tenant.id), eq(n.userId, ctx.actor.userId));
      const items = await tx
        .select({ id: n.id, title: n.title, body: n.body, link: n.link, severity: n.severity, readAt: n.readAt, createdAt: n.createdAt })
        .from(n)
        .where(mine)
        .orderBy(desc(n.createdAt), desc(n.id))
        .limit(Math.min(Math.max(options.limit ?? 30, 1), 100));
      const [count] = await tx.select({ unread: sql<number>`count(*)::int` }).from(n).where(and(mine, isNull(n.readAt)));
      return { items, unread: count?.unread ?? 0 };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

export async function unreadCount(ctx: TenantContext): Promise<number> {
  const n = schema.inAppNotifications;
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx
        .select({ unread: sql<number>`count(*)::int` })
        .from(n)
        .where(and(eq(n.tenantId, ctx.tenant.id), eq(n.userId, ctx.actor.userId), isNull(n.readAt)));
      return row?.unread ?? 0;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Marks the given notifications (or all) of the acting user read; returns how many changed. */
export async function markNotificationsRead(ctx: TenantContext, input: { ids?: number[]; all?: boolean }): Promise<number> {
  const n = schema.inAppNotifications;
  if (!input.all && !input.ids?.length) return 0;
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const changed = await tx
        .update(n)
        .set({ readAt: new Date() })
        .where(and(eq(n.tenantId, ctx.tenant.id), eq(n.userId, ctx.actor.userId), isNull(n.readAt), input.all ? undefined : inArray(n.id, input.ids ?? [])))
        .returning({ id: n.id });
      return changed.length;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
