import type { Db } from "@/lib/db";
import { UpstreamError } from "@/lib/http/errors";
import { checkoutConfigured, type BillingConfig } from "./config";
import { callStripe, stripeClient } from "./stripe-client";
import { readTenantBilling } from "./tenant-billing";

/** Statuses in which Stripe would keep charging a deleted workspace. */
const BILLING_STATUSES = new Set(["active", "trialing", "past_due", "unpaid", "paused", "incomplete"]);

/**
 * Deleting a workspace ends its subscription first, at once (not at period end): nobody is left
 * to use what they would pay for. If it cannot be cancelled the delete is refused, so a customer
 * is never billed for a workspace that no longer exists.
 */
export async function cancelSubscriptionOnDelete({ db, billing, tenantId }: { db: Db; billing: BillingConfig; tenantId: string }): Promise<{ cancelled: string | null }> {
  const current = await readTenantBilling(db, tenantId);
  const subscription = current?.stripeSubscriptionId;
  if (!subscription || !BILLING_STATUSES.has(current.subscriptionStatus ?? "")) return { cancelled: null };
  if (!checkoutConfigured(billing)) {
    throw new UpstreamError("This workspace has a paid subscription, but billing is not configured on this server, so it cannot be cancelled. Contact support.");
  }
  await callStripe("cancel subscription", () =>
    stripeClient(billing).subscriptions.cancel(subscription, {}, { idempotencyKey: `monitr-cancel-on-delete-${tenantId}-${subscription}` }),
  );
  return { cancelled: subscription };
}
