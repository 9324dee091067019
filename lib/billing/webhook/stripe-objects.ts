import { z } from "zod";

/*
 * The parts of Stripe's objects Monitr reads, validated rather than trusted to a type cast. Both
 * the current API shape and the one before 2025-03-31 are accepted (the period end moved from the
 * subscription to its items; an invoice's subscription moved under `parent`), so events from an
 * endpoint pinned to either version apply.
 */
const Id = z.string().min(1).max(255);
/** A field Stripe sends as an id, or as the whole object when expanded. */
const Ref = z.union([Id, z.object({ id: Id })]).transform((v) => (typeof v === "string" ? v : v.id));
const Metadata = z.record(z.string(), z.string()).nullish();
const Epoch = z.number().int().nonnegative();

export const StripeSubscription = z.object({
  object: z.literal("subscription"),
  id: Id,
  customer: Ref,
  status: z.string().min(1),
  cancel_at_period_end: z.boolean().default(false),
  cancel_at: Epoch.nullish(),
  current_period_end: Epoch.nullish(),
  items: z
    .object({ data: z.array(z.object({ current_period_end: Epoch.nullish(), price: z.object({ id: Id }).nullish() })) })
    .default({ data: [] }),
  metadata: Metadata,
});
export type StripeSubscription = z.infer<typeof StripeSubscription>;

export const StripeCheckoutSession = z.object({
  object: z.literal("checkout.session"),
  id: Id,
  mode: z.string(),
  customer: Ref.nullish(),
  subscription: Ref.nullish(),
  client_reference_id: z.string().nullish(),
  payment_status: z.string(),
  metadata: Metadata,
});
export type StripeCheckoutSession = z.infer<typeof StripeCheckoutSession>;

export const StripeInvoice = z.object({
  object: z.literal("invoice"),
  id: Id,
  customer: Ref,
  number: z.string().nullish(),
  status: z.string().nullish(),
  currency: z.string().min(3).max(8),
  total: z.number().int(),
  amount_due: z.number().int(),
  amount_paid: z.number().int(),
  hosted_invoice_url: z.string().url().nullish(),
  invoice_pdf: z.string().url().nullish(),
  period_start: Epoch.nullish(),
  period_end: Epoch.nullish(),
  created: Epoch,
  subscription: Ref.nullish(),
  parent: z.object({ subscription_details: z.object({ subscription: Ref }).nullish() }).nullish(),
});
export type StripeInvoice = z.infer<typeof StripeInvoice>;

export const StripeEventEnvelope = z.object({
  id: Id,
  type: z.string().min(1),
  created: Epoch,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEventEnvelope = z.infer<typeof StripeEventEnvelope>;

export const epochToDate = (seconds: number | null | undefined): Date | null => (seconds === null || seconds === undefined ? null : new Date(seconds * 1000));

export function subscriptionIdOfInvoice(invoice: StripeInvoice): string | null {
  return invoice.parent?.subscription_details?.subscription ?? invoice.subscription ?? null;
}

/** The subscription's period end: on the items in current API versions, on the subscription before. */
export function periodEndOf(subscription: StripeSubscription): Date | null {
  const itemEnds = subscription.items.data.map((i) => i.current_period_end).filter((v): v is number => typeof v === "number");
  return epochToDate(itemEnds.length ? Math.max(...itemEnds) : subscription.current_period_end);
}
