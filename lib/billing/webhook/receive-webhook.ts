import { and, eq, sql } from "drizzle-orm";
import { NextResponse } from "next/server";
import Stripe from "stripe";
import { recordAudit } from "@/lib/audit";
import { enterTenant, isUniqueViolation, schema, type Db } from "@/lib/db";
import { handler, isUuid } from "@/lib/http";
import { logger } from "@/lib/log";
import type { BillingConfig } from "../config";
import { WebhookRejectedError } from "../errors";
import { readTenantBilling, writeTenantColumns, type TenantBilling } from "../tenant-billing";
import { HANDLED_EVENTS, isHandledEvent, type Applied, type EventRef } from "./event-handlers";
import { StripeEventEnvelope } from "./stripe-objects";
import { listSubscriptionRows } from "./subscription-rows";
import { deriveTenantBilling } from "./subscription-state";

export type WebhookReceipt = {
  eventId?: string;
  duplicate?: boolean;
  ignored?: string;
  outcome?: Applied["outcome"];
};

// Stripe's events are a few kilobytes; anything far larger is not from Stripe.
const MAX_PAYLOAD_BYTES = 512 * 1024;

function verify(billing: BillingConfig, payload: Buffer, signature: string | null): unknown {
  if (!billing.webhookSecret) throw new WebhookRejectedError("webhook_not_configured", "Stripe webhooks are not configured on this server (STRIPE_WEBHOOK_SECRET).");
  if (payload.length > MAX_PAYLOAD_BYTES) throw new WebhookRejectedError("payload_too_large", "The event is too large.");
  if (!signature) throw new WebhookRejectedError("invalid_signature", "The Stripe-Signature header is missing.");
  try {
    // Verified on the raw bytes: re-serialised JSON would not match Stripe's signature.
    return Stripe.webhooks.constructEvent(payload, signature, billing.webhookSecret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new WebhookRejectedError("invalid_signature", "The Stripe signature does not match.");
    throw new WebhookRejectedError("invalid_event", "The event is not valid JSON.");
  }
}

/** The tenant an event is about: by its Stripe customer, or (first checkout) by the tenant id Monitr put on the session. */
async function resolveTenant(db: Db, ref: EventRef): Promise<{ tenantId: string; linkCustomer: string | null }> {
  if (ref.customerId) {
    const [byCustomer] = await db.select({ id: schema.tenants.id }).from(schema.tenants).where(eq(schema.tenants.stripeCustomerId, ref.customerId)).limit(1);
    if (byCustomer) return { tenantId: byCustomer.id, linkCustomer: null };
  }
  if (ref.tenantHint && isUuid(ref.tenantHint)) {
    const [byId] = await db
      .select({ id: schema.tenants.id, customer: schema.tenants.stripeCustomerId })
      .from(schema.tenants)
      .where(eq(schema.tenants.id, ref.tenantHint))
      .limit(1);
    if (byId && (!byId.customer || !ref.customerId)) return { tenantId: byId.id, linkCustomer: byId.customer ? null : ref.customerId };
    if (byId) throw new WebhookRejectedError("customer_mismatch", "The workspace named by this event already has another Stripe customer.", 422);
  }
  throw new WebhookRejectedError("unknown_customer", "No workspace belongs to this Stripe customer.", 404);
}

function billingChanged(before: TenantBilling | null, after: TenantBilling): boolean {
  if (!before) return true;
  const time = (d: Date | null) => d?.getTime() ?? null;
  return (
    before.plan !== after.plan ||
    before.stripeSubscriptionId !== after.stripeSubscriptionId ||
    before.subscriptionStatus !== after.subscriptionStatus ||
    before.cancelAtPeriodEnd !== after.cancelAtPeriodEnd ||
    time(before.currentPeriodEnd) !== time(after.currentPeriodEnd) ||
    time(before.gracePeriodEndsAt) !== time(after.gracePeriodEndsAt)
  );
}

/**
 * One Stripe webhook delivery: verify the signature, skip events outside the allow-list, then in
 * one transaction record the event id (a redelivery finds it and changes nothing), apply the
 * event, audit it and re-derive the tenant's plan from its subscriptions.
 */
export async function receiveStripeWebhook({
  db,
  billing,
  payload,
  signature,
  now = () => new Date(),
}: {
  db: Db;
  billing: BillingConfig;
  payload: Buffer;
  signature: string | null;
  now?: () => Date;
}): Promise<WebhookReceipt> {
  const parsed = StripeEventEnvelope.safeParse(verify(billing, payload, signature));
  if (!parsed.success) throw new WebhookRejectedError("invalid_event", "The event has no id, type, creation time or object.");
  const event = parsed.data;
  if (!isHandledEvent(event.type)) return { eventId: event.id, ignored: `Monitr does not act on ${event.type} events.` };
  const type = event.type;
  const prepared = HANDLED_EVENTS[type](event.data.object);
  const { tenantId, linkCustomer } = await resolveTenant(db, prepared.ref);
  const createdAt = new Date(event.created * 1000);

  try {
    return await db.transaction(async (tx) => {
      // One event per tenant at a time: the subscription rows are read, merged and written back.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('billing:' || ${tenantId}))`);
      await enterTenant(tx, tenantId);
      const fresh = await tx
        .insert(schema.billingEvents)
        .values({ tenantId, eventId: event.id, type, objectId: prepared.ref.objectId, createdAt, outcome: "received" })
        .onConflictDoNothing()
        .returning({ eventId: schema.billingEvents.eventId });
      if (fresh.length === 0) return { eventId: event.id, duplicate: true };

      if (linkCustomer) await writeTenantColumns(tx, tenantId, { stripeCustomerId: linkCustomer });
      const applied = await prepared.apply({ tx, tenantId, event: { id: event.id, type, createdAt }, billing });
      const outcome = applied.detail ? `${applied.outcome}: ${applied.detail}` : applied.outcome;
      await tx
        .update(schema.billingEvents)
        .set({ outcome })
        .where(and(eq(schema.billingEvents.tenantId, tenantId), eq(schema.billingEvents.eventId, event.id)));
      await recordAudit(tx, { tenantId, action: `billing.${type}`, target: prepared.ref.objectId, data: { eventId: event.id, outcome, ...applied.data } });

      const before = await readTenantBilling(tx, tenantId);
      const after = deriveTenantBilling(await listSubscriptionRows(tx, tenantId), now());
      if (after && billingChanged(before, after)) {
        await writeTenantColumns(tx, tenantId, after);
        if (before?.plan !== after.plan) {
          await recordAudit(tx, { tenantId, action: "billing.plan_changed", target: after.stripeSubscriptionId, data: { from: before?.plan ?? null, to: after.plan, eventId: event.id } });
        }
      }
      logger.info({ tenantId, eventId: event.id, type, outcome }, "stripe webhook applied");
      return { eventId: event.id, outcome: applied.outcome };
    });
  } catch (error) {
    // Two workspaces cannot share a Stripe customer; retrying would fail the same way.
    if (isUniqueViolation(error, "tenants_stripe_customer_id_unique")) {
      throw new WebhookRejectedError("customer_mismatch", "This Stripe customer already belongs to another workspace.", 422);
    }
    throw error;
  }
}

/** The route handler: raw body in, `{ received: true, … }` out; errors mapped by lib/http. */
export function stripeWebhookEndpoint(deps: () => { db: Db; billing: BillingConfig }) {
  return handler(async (request: Request) => {
    const payload = Buffer.from(await request.arrayBuffer());
    const receipt = await receiveStripeWebhook({ ...deps(), payload, signature: request.headers.get("stripe-signature") });
    return NextResponse.json({ received: true, ...receipt });
  });
}
