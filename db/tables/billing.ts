import { bigint, boolean, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "./core";

/*
 * Stripe billing (lib/billing). Every table is a tenant table. Stripe objects arrive as webhook
 * snapshots; each row remembers the time of the event it was last taken from (`version_at`) so a
 * late, older event never overwrites a newer state.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Every Stripe event applied, by its id: a redelivered event finds its row and changes nothing. */
export const billingEvents = pgTable(
  "billing_events",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    type: text("type").notNull(),
    objectId: text("object_id"),
    // Stripe's own creation time of the event (valid time); received_at is when Monitr applied it.
    createdAt: ts("created_at").notNull(),
    outcome: text("outcome").notNull(),
    receivedAt: ts("received_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId] }), index("billing_events_received_idx").on(t.tenantId, t.receivedAt)],
);

export const billingSubscriptions = pgTable(
  "billing_subscriptions",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    stripeSubscriptionId: text("stripe_subscription_id").notNull(),
    stripeCustomerId: text("stripe_customer_id").notNull(),
    status: text("status").notNull(),
    // The plan the subscription's price buys; null while only a placeholder row exists.
    plan: text("plan", { enum: ["free", "pro"] }),
    priceId: text("price_id"),
    currentPeriodEnd: ts("current_period_end"),
    cancelAtPeriodEnd: boolean("cancel_at_period_end").notNull().default(false),
    cancelAt: ts("cancel_at"),
    // The first failed payment since the last successful one: the grace period counts from here.
    paymentFailingSince: ts("payment_failing_since"),
    lastPaidAt: ts("last_paid_at"),
    versionAt: ts("version_at").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.stripeSubscriptionId] })],
);

export const billingInvoices = pgTable(
  "billing_invoices",
  {
    tenantId: uuid("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    stripeInvoiceId: text("stripe_invoice_id").notNull(),
    stripeSubscriptionId: text("stripe_subscription_id"),
    number: text("number"),
    status: text("status").notNull(),
    currency: text("currency").notNull(),
    // Minor units (cents), as Stripe sends them.
    total: bigint("total", { mode: "number" }).notNull(),
    amountDue: bigint("amount_due", { mode: "number" }).notNull(),
    amountPaid: bigint("amount_paid", { mode: "number" }).notNull(),
    hostedInvoiceUrl: text("hosted_invoice_url"),
    invoicePdf: text("invoice_pdf"),
    periodStart: ts("period_start"),
    periodEnd: ts("period_end"),
    issuedAt: ts("issued_at").notNull(),
    versionAt: ts("version_at").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.stripeInvoiceId] }), index("billing_invoices_issued_idx").on(t.tenantId, t.issuedAt)],
);
