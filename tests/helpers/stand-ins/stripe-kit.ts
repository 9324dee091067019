import { and, eq, like, sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { ensureStripeCustomer } from "@/lib/billing";
import { schema, type Db } from "@/lib/db";
import type { StripeStandIn } from "./stripe";

/** Shared steps of the billing suites: a tenant with its Stripe customer, and reading back what the webhook wrote. */

export async function withCustomer(stand: StripeStandIn, ctx: TenantContext): Promise<TenantContext & { customer: string }> {
  const customer = await ensureStripeCustomer({ ctx, billing: stand.config() });
  return { ...(await reload(ctx)), customer };
}

/** A context whose tenant row is read again (guards build it per request). */
export async function reload(ctx: TenantContext): Promise<TenantContext> {
  const [tenant] = await ctx.db.select().from(schema.tenants).where(eq(schema.tenants.id, ctx.tenant.id));
  if (!tenant) throw new Error("tenant vanished");
  return { ...ctx, tenant };
}

export async function tenantRow(db: Db, tenantId: string) {
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId));
  if (!tenant) throw new Error("tenant vanished");
  return tenant;
}

/** Counts as the owner role with the tenant named, so forced RLS admits the rows. */
export async function countRows(db: Db, table: "billing_events" | "billing_invoices" | "billing_subscriptions" | "audit_log", tenantId: string, actionPrefix?: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    await tx.execute(sql`set local role monitr_app`);
    if (table === "audit_log") {
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.auditLog)
        .where(and(eq(schema.auditLog.tenantId, tenantId), like(schema.auditLog.action, `${actionPrefix ?? ""}%`)));
      return row?.n ?? 0;
    }
    const rows = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId}`);
    return rows.rows[0]?.n ?? 0;
  });
}

export async function invoicesOf(db: Db, tenantId: string) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.tenant_id', ${tenantId}, true)`);
    await tx.execute(sql`set local role monitr_app`);
    return tx.select().from(schema.billingInvoices).where(eq(schema.billingInvoices.tenantId, tenantId));
  });
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
export const DAY_SECONDS = 86_400;
