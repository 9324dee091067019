import { and, eq } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import type { PlanId } from "../plans";
import type { SubscriptionRow } from "./subscription-state";

const t = schema.billingSubscriptions;

function toRow(r: typeof t.$inferSelect): SubscriptionRow {
  return {
    stripeSubscriptionId: r.stripeSubscriptionId,
    stripeCustomerId: r.stripeCustomerId,
    status: r.status,
    plan: (r.plan as PlanId | null) ?? null,
    priceId: r.priceId,
    currentPeriodEnd: r.currentPeriodEnd,
    cancelAtPeriodEnd: r.cancelAtPeriodEnd,
    cancelAt: r.cancelAt,
    paymentFailingSince: r.paymentFailingSince,
    lastPaidAt: r.lastPaidAt,
    versionAt: r.versionAt,
  };
}

export async function getSubscriptionRow(tx: Tx, tenantId: string, id: string): Promise<SubscriptionRow | null> {
  const [row] = await tx.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.stripeSubscriptionId, id))).limit(1);
  return row ? toRow(row) : null;
}

export async function listSubscriptionRows(tx: Tx, tenantId: string): Promise<SubscriptionRow[]> {
  return (await tx.select().from(t).where(eq(t.tenantId, tenantId))).map(toRow);
}

export async function saveSubscriptionRow(tx: Tx, tenantId: string, row: SubscriptionRow): Promise<void> {
  const { stripeSubscriptionId, ...changes } = row;
  const updatedAt = new Date();
  await tx
    .insert(t)
    .values({ tenantId, stripeSubscriptionId, ...changes, updatedAt })
    .onConflictDoUpdate({ target: [t.tenantId, t.stripeSubscriptionId], set: { ...changes, updatedAt } });
}
