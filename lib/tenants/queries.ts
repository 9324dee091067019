import { and, eq, inArray, sql } from "drizzle-orm";
import { schema, withTenant, withUser, type Db, type Queryable } from "@/lib/db";

export type Tenant = typeof schema.tenants.$inferSelect;
export type Role = (typeof schema.memberships.$inferSelect)["role"];

/** Tenants is a global table: looking one up by its subdomain needs no tenant context. */
export async function getTenantBySlug(db: Queryable, slug: string): Promise<Tenant | null> {
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.slug, slug.toLowerCase())).limit(1);
  return tenant ?? null;
}

/** Taken by a workspace, or still redirecting to one after a subdomain change (30 days). */
export async function isSlugTaken(db: Queryable, slug: string): Promise<boolean> {
  const rows = await db.execute(sql`
    select 1 from tenants where slug = ${slug}
    union all
    select 1 from tenant_slug_redirects where slug = ${slug} and expires_at > now()
    limit 1`);
  return rows.rows.length > 0;
}

export async function getMembershipRole(db: Db, tenantId: string, userId: string): Promise<Role | null> {
  const [row] = await withTenant(
    tenantId,
    (tx) => tx.select({ role: schema.memberships.role }).from(schema.memberships).where(eq(schema.memberships.userId, userId)).limit(1),
    { db, userId },
  );
  return row?.role ?? null;
}

export type Workspace = { id: string; slug: string; name: string; role: Role };

/** The workspaces a user belongs to, for the switcher and for log-in from the root domain. */
export async function listWorkspaces(db: Db, userId: string): Promise<Workspace[]> {
  const members = await withUser(userId, (tx) => tx.select().from(schema.memberships).where(eq(schema.memberships.userId, userId)), { db });
  if (members.length === 0) return [];
  const tenants = await db
    .select()
    .from(schema.tenants)
    .where(and(inArray(schema.tenants.id, members.map((m) => m.tenantId)), eq(schema.tenants.status, "active")));
  const roleOf = new Map(members.map((m) => [m.tenantId, m.role]));
  return tenants
    .map((t) => ({ id: t.id, slug: t.slug, name: t.name, role: roleOf.get(t.id)! }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
