import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { enterTenant } from "@/lib/db";
import { ConflictError, ForbiddenError } from "@/lib/http/errors";
import { checkoutConfigured, type BillingConfig } from "./config";
import { BillingNotConfiguredError } from "./errors";
import { planOf } from "./limits";
import { callStripe, stripeClient } from "./stripe-client";
import { readTenantBilling, writeTenantColumns } from "./tenant-billing";

/** Statuses in which a subscription still exists and bills; a second checkout would double-charge. */
const LIVE_STATUSES = new Set(["active", "trialing", "past_due", "unpaid", "paused"]);

function requireOwner(ctx: TenantContext): void {
  if (ctx.actor.role !== "owner") throw new ForbiddenError("Only the workspace owner can change the plan and billing details.");
}

/**
 * The tenant's Stripe customer, created once. Two clicks at once serialise on an advisory lock and
 * the second finds the id the first stored; the idempotency key makes a retried create (a lost
 * response) return the same customer instead of a second one.
 */
export async function ensureStripeCustomer({ ctx, billing }: { ctx: TenantContext; billing: BillingConfig }): Promise<string> {
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('billing:customer:' || ${ctx.tenant.id}))`);
    const current = await readTenantBilling(tx, ctx.tenant.id);
    if (current?.stripeCustomerId) return current.stripeCustomerId;
    const customer = await callStripe("create customer", () =>
      stripeClient(billing).customers.create(
        { name: ctx.tenant.name, email: ctx.actor.email, metadata: { tenantId: ctx.tenant.id, slug: ctx.tenant.slug } },
        { idempotencyKey: `monitr-customer-${ctx.tenant.id}` },
      ),
    );
    await enterTenant(tx, ctx.tenant.id, ctx.actor.userId);
    await writeTenantColumns(tx, ctx.tenant.id, { stripeCustomerId: customer.id });
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "billing.customer_created", target: customer.id });
    return customer.id;
  });
}

/** Upgrade: a Stripe Checkout session (subscription mode) for Pro, returning to the tenant's subdomain. */
export async function startCheckout({
  ctx,
  billing,
  origin,
  now = new Date(),
}: {
  ctx: TenantContext;
  billing: BillingConfig;
  /** The tenant's own origin, e.g. https://acme.monitr.app */
  origin: string;
  now?: Date;
}): Promise<{ url: string; sessionId: string }> {
  requireOwner(ctx);
  if (!checkoutConfigured(billing)) throw new BillingNotConfiguredError();
  const state = await readTenantBilling(ctx.db, ctx.tenant.id);
  if (state && planOf(state, now) === "pro" && state.subscriptionStatus && LIVE_STATUSES.has(state.subscriptionStatus)) {
    throw new ConflictError("This workspace is already on Pro. Use “Manage billing” to change or cancel the subscription.");
  }
  const customer = await ensureStripeCustomer({ ctx, billing });
  // Repeated clicks within ten minutes get the same session back instead of a second open checkout.
  const window = Math.floor(now.getTime() / 600_000);
  const session = await callStripe("create checkout session", () =>
    stripeClient(billing).checkout.sessions.create(
      {
        mode: "subscription",
        customer,
        line_items: [{ price: billing.proPrices[0]!, quantity: 1 }],
        client_reference_id: ctx.tenant.id,
        metadata: { tenantId: ctx.tenant.id },
        subscription_data: { metadata: { tenantId: ctx.tenant.id } },
        allow_promotion_codes: true,
        success_url: `${origin}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${origin}/billing/cancel`,
      },
      { idempotencyKey: `monitr-checkout-${ctx.tenant.id}-${customer}-${window}` },
    ),
  );
  if (!session.url) throw new Error("Stripe returned a checkout session without a URL");
  await ctx.db.transaction(async (tx) => {
    await enterTenant(tx, ctx.tenant.id, ctx.actor.userId);
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "billing.checkout_started", target: session.id, data: { plan: "pro" } });
  });
  return { url: session.url, sessionId: session.id };
}

/** Manage: a Stripe Billing Portal session (card, cancellation, invoices) for the tenant's customer. */
export async function openBillingPortal({ ctx, billing, origin }: { ctx: TenantContext; billing: BillingConfig; origin: string }): Promise<{ url: string }> {
  requireOwner(ctx);
  if (!billing.secretKey) throw new BillingNotConfiguredError();
  const state = await readTenantBilling(ctx.db, ctx.tenant.id);
  if (!state?.stripeCustomerId) throw new ConflictError("This workspace has no billing account yet. Upgrade to Pro first.");
  const customer = state.stripeCustomerId;
  const session = await callStripe("create portal session", () =>
    stripeClient(billing).billingPortal.sessions.create({ customer, return_url: `${origin}/settings/billing` }),
  );
  return { url: session.url };
}
