import { and, eq, gt, sql } from "drizzle-orm";
import { schema, type Queryable } from "@/lib/db";

export const SLUG_REDIRECT_DAYS = 30;

/**
 * The current subdomain of a workspace that used to answer at `slug`, for 30 days after a change.
 * The proxy cannot query the database, so the tenant pages' guard asks this when a slug is unknown.
 */
export async function findSlugRedirect(db: Queryable, slug: string): Promise<string | null> {
  const [row] = await db
    .select({ slug: schema.tenants.slug })
    .from(schema.tenantSlugRedirects)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.tenantSlugRedirects.targetTenantId))
    .where(and(eq(schema.tenantSlugRedirects.slug, slug.toLowerCase()), gt(schema.tenantSlugRedirects.expiresAt, sql`now()`), eq(schema.tenants.status, "active")))
    .limit(1);
  return row?.slug ?? null;
}

/** A former subdomain of another workspace stays reserved while it redirects. */
export async function isSlugReservedByRedirect(db: Queryable, slug: string, exceptTenantId?: string): Promise<boolean> {
  const rows = await db.execute(
    sql`select 1 from tenant_slug_redirects where slug = ${slug} and expires_at > now()
        ${exceptTenantId ? sql`and target_tenant_id <> ${exceptTenantId}` : sql``} limit 1`,
  );
  return rows.rows.length > 0;
}
