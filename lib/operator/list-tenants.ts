import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { withPlatformRead } from "./platform-read";

export const TenantFilter = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  plan: z.enum(["free", "pro"]).optional().catch(undefined),
  status: z.enum(["active", "suspended"]).optional().catch(undefined),
  createdAfter: z.iso.date().optional().catch(undefined),
  createdBefore: z.iso.date().optional().catch(undefined),
  /** Only tenants whose last successful sync is older than this many hours (or that never synced). */
  staleHours: z.coerce.number().int().min(1).max(24 * 365).optional().catch(undefined),
  sort: z.enum(["created", "usage", "last_sync", "name"]).default("created").catch("created"),
});
export type TenantFilter = z.infer<typeof TenantFilter>;

export type TenantRow = {
  id: string;
  slug: string;
  name: string;
  plan: "free" | "pro";
  status: "active" | "suspended";
  createdAt: Date;
  members: number;
  connections: number;
  resources: number;
  series: number;
  apiKeys: number;
  lastSyncAt: Date | null;
};

const SORT: Record<TenantFilter["sort"], SQL> = {
  created: sql`t.created_at desc`,
  usage: sql`series desc, resources desc`,
  last_sync: sql`last_sync_at asc nulls first`,
  name: sql`lower(t.name)`,
};

/**
 * The operator console's tenant list: search by name or subdomain, filter by plan, status,
 * creation date and sync staleness, with usage counts (members, AWS connections, current
 * resources, metric series, API keys). Read across tenants in the read-only platform role.
 */
export async function listTenantsForOperator(db: Db, filter: TenantFilter, limit = 200): Promise<TenantRow[]> {
  const conditions: SQL[] = [sql`true`];
  if (filter.q) conditions.push(sql`(t.slug ilike ${`%${filter.q}%`} or t.name ilike ${`%${filter.q}%`} or t.id::text = ${filter.q})`);
  if (filter.plan) conditions.push(sql`t.plan = ${filter.plan}`);
  if (filter.status) conditions.push(sql`t.status = ${filter.status}`);
  if (filter.createdAfter) conditions.push(sql`t.created_at >= ${filter.createdAfter}::date`);
  if (filter.createdBefore) conditions.push(sql`t.created_at < ${filter.createdBefore}::date + 1`);
  const stale = filter.staleHours ? sql`and (last_sync_at is null or last_sync_at < now() - make_interval(hours => ${filter.staleHours}))` : sql``;
  const rows = await withPlatformRead(db, (tx) =>
    tx.execute<{
      id: string;
      slug: string;
      name: string;
      plan: "free" | "pro";
      status: "active" | "suspended";
      created_at: string;
      members: number;
      connections: number;
      resources: number;
      series: number;
      api_keys: number;
      last_sync_at: string | null;
    }>(sql`
      select * from (
        select t.id, t.slug, t.name, t.plan, t.status, t.created_at,
               (select count(*)::int from memberships m where m.tenant_id = t.id) as members,
               (select count(*)::int from aws_connections c where c.tenant_id = t.id and c.disconnected_at is null) as connections,
               (select count(*)::int from resources r where r.tenant_id = t.id and r.valid_to is null and r.recorded_to is null) as resources,
               (select count(*)::int from series s where s.tenant_id = t.id) as series,
               (select count(*)::int from api_keys k where k.tenant_id = t.id and k.revoked_at is null) as api_keys,
               (select max(finished_at) from sync_runs sr where sr.tenant_id = t.id and sr.status in ('succeeded', 'partial')) as last_sync_at
          from tenants t
         where ${sql.join(conditions, sql` and `)}
      ) t
      where true ${stale}
      order by ${SORT[filter.sort]}
      limit ${limit}`),
  );
  return rows.rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    plan: r.plan,
    status: r.status,
    createdAt: new Date(r.created_at),
    members: r.members,
    connections: r.connections,
    resources: r.resources,
    series: r.series,
    apiKeys: r.api_keys,
    lastSyncAt: r.last_sync_at ? new Date(r.last_sync_at) : null,
  }));
}

export type TenantMember = { userId: string; email: string; name: string; role: string; joinedAt: Date };

/** A workspace's members, for the operator's tenant page (users is global: owner role). */
export async function listTenantMembers(db: Db, tenantId: string): Promise<TenantMember[]> {
  const ids = await withPlatformRead(db, (tx) => tx.execute<{ user_id: string; role: string; created_at: string }>(sql`select user_id, role, created_at from memberships where tenant_id = ${tenantId}`));
  if (ids.rows.length === 0) return [];
  const users = await db.execute<{ id: string; email: string; name: string }>(sql`select id, email, name from users where id = any(${sql.param(ids.rows.map((r) => r.user_id))}::uuid[])`);
  const byId = new Map(users.rows.map((u) => [u.id, u]));
  return ids.rows
    .map((r) => ({ userId: r.user_id, email: byId.get(r.user_id)?.email ?? "?", name: byId.get(r.user_id)?.name ?? "?", role: r.role, joinedAt: new Date(r.created_at) }))
    .sort((a, b) => a.email.localeCompare(b.email));
}

export type UserRow = { id: string; email: string; name: string; createdAt: Date; workspaces: { slug: string; role: string }[] };

/** Users with their workspaces, searchable by email or name. */
export async function listUsersForOperator(db: Db, q: string | undefined, limit = 200): Promise<UserRow[]> {
  const users = await db.execute<{ id: string; email: string; name: string; created_at: string }>(sql`
    select id, email, name, created_at from users
     where ${q ? sql`(email ilike ${`%${q}%`} or name ilike ${`%${q}%`})` : sql`true`}
     order by created_at desc limit ${limit}`);
  if (users.rows.length === 0) return [];
  const memberships = await withPlatformRead(db, (tx) =>
    tx.execute<{ user_id: string; slug: string; role: string }>(sql`
      select m.user_id, t.slug, m.role from memberships m join tenants t on t.id = m.tenant_id
       where m.user_id = any(${sql.param(users.rows.map((u) => u.id))}::uuid[]) order by t.slug`),
  );
  return users.rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    createdAt: new Date(u.created_at),
    workspaces: memberships.rows.filter((m) => m.user_id === u.id).map((m) => ({ slug: m.slug, role: m.role })),
  }));
}
