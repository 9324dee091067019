import { eq, sql } from "drizzle-orm";
import { schema, type Queryable, type Tx } from "@/lib/db";
import type { PlanId } from "./plans";

/** The billing columns of `tenants`, as the webhook derives them from the subscriptions. */
export type TenantBilling = {
  plan: PlanId;
  stripeSubscriptionId: string | null;
  subscriptionStatus: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  gracePeriodEndsAt: Date | null;
};

export async function readTenantBilling(db: Queryable, tenantId: string): Promise<(TenantBilling & { stripeCustomerId: string | null }) | null> {
  const [row] = await db
    .select({
      plan: schema.tenants.plan,
      stripeCustomerId: schema.tenants.stripeCustomerId,
      stripeSubscriptionId: schema.tenants.stripeSubscriptionId,
      subscriptionStatus: schema.tenants.subscriptionStatus,
      currentPeriodEnd: schema.tenants.currentPeriodEnd,
      cancelAtPeriodEnd: schema.tenants.cancelAtPeriodEnd,
      gracePeriodEndsAt: schema.tenants.gracePeriodEndsAt,
    })
    .from(schema.tenants)
    .where(eq(schema.tenants.id, tenantId))
    .limit(1);
  return row ?? null;
}

/**
 * `tenants` is a global table the application role may only read (db/rls.sql). Billing is system
 * code: inside a tenant transaction it steps back to the connection's own role for this one
 * UPDATE and returns to `monitr_app`, so the rest of the transaction stays under row-level security.
 */
export async function writeTenantColumns(tx: Tx, tenantId: string, values: Partial<TenantBilling> & { stripeCustomerId?: string }): Promise<void> {
  await tx.execute(sql`reset role`);
  await tx.update(schema.tenants).set(values).where(eq(schema.tenants.id, tenantId));
  await tx.execute(sql`set local role monitr_app`);
}
