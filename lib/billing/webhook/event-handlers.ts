import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { schema, type Tx } from "@/lib/db";
import type { BillingConfig } from "../config";
import { WebhookRejectedError } from "../errors";
import type { PlanId } from "../plans";
import {
  epochToDate,
  periodEndOf,
  StripeCheckoutSession,
  StripeInvoice,
  StripeSubscription,
  subscriptionIdOfInvoice,
} from "./stripe-objects";
import { getSubscriptionRow, saveSubscriptionRow } from "./subscription-rows";
import { mergeSnapshot, PLACEHOLDER_VERSION, recordPayment, type SubscriptionRow } from "./subscription-state";

/*
 * The allow-list of Stripe events Monitr acts on, one handler per object kind. Anything else is
 * acknowledged and ignored. Handlers run inside the webhook's transaction, after the event id was
 * recorded, and return what they did for the event row and the audit log.
 */

export type ApplyContext = {
  tx: Tx;
  tenantId: string;
  event: { id: string; type: HandledEventType; createdAt: Date };
  billing: BillingConfig;
};
export type Applied = { outcome: "applied" | "stale" | "ignored"; detail?: string; data?: Record<string, unknown> };
/** Who the event is about: the Stripe customer, and the tenant id Monitr put in metadata, if any. */
export type EventRef = { customerId: string | null; tenantHint: string | null; objectId: string };
export type Prepared = { ref: EventRef; apply(c: ApplyContext): Promise<Applied> };

type Kind<T> = { schema: z.ZodType<T>; ref(o: T): EventRef; apply(c: ApplyContext, o: T): Promise<Applied> };

function defineKind<T>(kind: Kind<T>): (raw: unknown) => Prepared {
  return (raw) => {
    const parsed = kind.schema.safeParse(raw);
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join(".") || "object";
      throw new WebhookRejectedError("invalid_event", `The event's object is not what Monitr expects (${where}).`);
    }
    const o = parsed.data;
    return { ref: kind.ref(o), apply: (c) => kind.apply(c, o) };
  };
}

const GRANTING = new Set(["active", "trialing", "past_due"]);

function planOfPrice(billing: BillingConfig, priceId: string | null): PlanId | null {
  return priceId && billing.proPrices.includes(priceId) ? "pro" : null;
}

function placeholder(id: string, customer: string): SubscriptionRow {
  return {
    stripeSubscriptionId: id,
    stripeCustomerId: customer,
    status: "incomplete",
    plan: null,
    priceId: null,
    currentPeriodEnd: null,
    cancelAtPeriodEnd: false,
    cancelAt: null,
    paymentFailingSince: null,
    lastPaidAt: null,
    versionAt: PLACEHOLDER_VERSION,
  };
}

const subscription = defineKind({
  schema: StripeSubscription,
  ref: (o) => ({ customerId: o.customer, tenantHint: o.metadata?.tenantId ?? null, objectId: o.id }),
  async apply({ tx, tenantId, event, billing }, o) {
    const priceId = o.items.data.find((i) => i.price)?.price?.id ?? null;
    const plan = planOfPrice(billing, priceId);
    if (!plan && GRANTING.has(o.status)) {
      throw new WebhookRejectedError(
        "unknown_price",
        `Subscription ${o.id} is for price ${priceId ?? "(none)"}, which is not a Monitr plan. Check STRIPE_PRICE_PRO.`,
        422,
      );
    }
    const existing = await getSubscriptionRow(tx, tenantId, o.id);
    const merged = mergeSnapshot(
      existing,
      { status: o.status, plan, priceId, currentPeriodEnd: periodEndOf(o), cancelAtPeriodEnd: o.cancel_at_period_end, cancelAt: epochToDate(o.cancel_at) },
      { id: o.id, customer: o.customer },
      event.createdAt,
    );
    if (!merged.apply) return { outcome: "stale", detail: merged.reason };
    await saveSubscriptionRow(tx, tenantId, merged.row);
    return { outcome: "applied", data: { status: o.status, cancelAtPeriodEnd: o.cancel_at_period_end } };
  },
});

const checkout = defineKind({
  schema: StripeCheckoutSession,
  ref: (o) => ({ customerId: o.customer ?? null, tenantHint: o.client_reference_id ?? o.metadata?.tenantId ?? null, objectId: o.id }),
  async apply({ tx, tenantId }, o) {
    if (o.mode !== "subscription" || !o.subscription || !o.customer) return { outcome: "ignored", detail: "not a subscription checkout" };
    // Only sessions Monitr created (they carry the tenant id) are known to buy Pro.
    if ((o.client_reference_id ?? o.metadata?.tenantId) !== tenantId) return { outcome: "ignored", detail: "not a Monitr checkout" };
    const existing = await getSubscriptionRow(tx, tenantId, o.subscription);
    // The subscription's own events carry its real state; until one arrives, a paid checkout
    // provisionally means an active Pro subscription, so the customer gets Pro at once.
    if (existing && existing.versionAt.getTime() !== PLACEHOLDER_VERSION.getTime()) return { outcome: "applied", detail: "subscription state already known" };
    const paid = o.payment_status === "paid" || o.payment_status === "no_payment_required";
    await saveSubscriptionRow(tx, tenantId, { ...(existing ?? placeholder(o.subscription, o.customer)), status: paid ? "active" : "incomplete", plan: "pro" });
    return { outcome: "applied", data: { subscription: o.subscription, paymentStatus: o.payment_status } };
  },
});

/** Invoice statuses in the order Stripe moves through them; paid, void and uncollectible are final. */
const INVOICE_STAGE: Record<string, number> = { draft: 0, open: 1, paid: 2, void: 2, uncollectible: 2 };
const PAYMENT_OUTCOME: Partial<Record<HandledEventType, "paid" | "failed">> = { "invoice.paid": "paid", "invoice.payment_failed": "failed" };

const invoice = defineKind({
  schema: StripeInvoice,
  ref: (o) => ({ customerId: o.customer, tenantHint: null, objectId: o.id }),
  async apply({ tx, tenantId, event }, o) {
    const t = schema.billingInvoices;
    const status = o.status ?? "draft";
    const subscriptionId = subscriptionIdOfInvoice(o);
    const [current] = await tx.select().from(t).where(and(eq(t.tenantId, tenantId), eq(t.stripeInvoiceId, o.id))).limit(1);
    const newer =
      !current ||
      event.createdAt.getTime() > current.versionAt.getTime() ||
      (event.createdAt.getTime() === current.versionAt.getTime() && (INVOICE_STAGE[status] ?? 0) >= (INVOICE_STAGE[current.status] ?? 0));
    if (newer) {
      const values = {
        stripeSubscriptionId: subscriptionId,
        number: o.number ?? null,
        status,
        currency: o.currency,
        total: o.total,
        amountDue: o.amount_due,
        amountPaid: o.amount_paid,
        hostedInvoiceUrl: o.hosted_invoice_url ?? null,
        invoicePdf: o.invoice_pdf ?? null,
        periodStart: epochToDate(o.period_start),
        periodEnd: epochToDate(o.period_end),
        issuedAt: epochToDate(o.created)!,
        versionAt: event.createdAt,
        updatedAt: new Date(),
      };
      await tx
        .insert(t)
        .values({ tenantId, stripeInvoiceId: o.id, ...values })
        .onConflictDoUpdate({ target: [t.tenantId, t.stripeInvoiceId], set: values });
    }
    const payment = PAYMENT_OUTCOME[event.type];
    if (payment && subscriptionId) {
      const row = (await getSubscriptionRow(tx, tenantId, subscriptionId)) ?? placeholder(subscriptionId, o.customer);
      await saveSubscriptionRow(tx, tenantId, recordPayment(row, payment, event.createdAt));
    }
    const data = { number: o.number ?? null, status, total: o.total, currency: o.currency, subscription: subscriptionId };
    return newer || payment ? { outcome: "applied", data } : { outcome: "stale", detail: "older than the invoice state already stored", data };
  },
});

export const HANDLED_EVENT_TYPES = [
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "invoice.finalized",
  "invoice.paid",
  "invoice.payment_failed",
  "invoice.voided",
  "invoice.marked_uncollectible",
  "invoice.updated",
] as const;
export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export const HANDLED_EVENTS: Record<HandledEventType, (raw: unknown) => Prepared> = {
  "checkout.session.completed": checkout,
  "customer.subscription.created": subscription,
  "customer.subscription.updated": subscription,
  "customer.subscription.deleted": subscription,
  "customer.subscription.paused": subscription,
  "customer.subscription.resumed": subscription,
  "invoice.finalized": invoice,
  "invoice.paid": invoice,
  "invoice.payment_failed": invoice,
  "invoice.voided": invoice,
  "invoice.marked_uncollectible": invoice,
  "invoice.updated": invoice,
};

export function isHandledEvent(type: string): type is HandledEventType {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type);
}
