import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { stripeWebhookEndpoint, type BillingConfig } from "@/lib/billing";
import type { Db } from "@/lib/db";

/*
 * Stripe objects and events as Stripe sends them (API 2025-03-31 and later: the period end on the
 * subscription items, an invoice's subscription under `parent`), signed with the package's own
 * test-header helper and delivered over HTTP to Monitr's webhook endpoint.
 */

export type StripeEvent = { id: string; object: "event"; type: string; created: number; livemode: false; api_version: string; data: { object: Record<string, unknown> } };

let seq = 0;
const id = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(seq++).toString(36).padStart(4, "0")}`;
const DAY = 86_400;

export type SubscriptionFacts = {
  id?: string;
  customer: string;
  status?: string;
  price: string;
  periodStart?: number;
  periodEnd?: number;
  cancelAtPeriodEnd?: boolean;
  tenantId?: string;
};

export function subscriptionObject(f: SubscriptionFacts): Record<string, unknown> & { id: string } {
  const start = f.periodStart ?? Math.floor(Date.now() / 1000);
  const end = f.periodEnd ?? start + 30 * DAY;
  return {
    id: f.id ?? id("sub"),
    object: "subscription",
    customer: f.customer,
    status: f.status ?? "active",
    cancel_at_period_end: f.cancelAtPeriodEnd ?? false,
    cancel_at: f.cancelAtPeriodEnd ? end : null,
    canceled_at: null,
    created: start,
    items: {
      object: "list",
      data: [{ id: id("si"), object: "subscription_item", current_period_start: start, current_period_end: end, price: { id: f.price, object: "price", unit_amount: 4900, currency: "usd" }, quantity: 1 }],
    },
    metadata: f.tenantId ? { tenantId: f.tenantId } : {},
  };
}

export type InvoiceFacts = { id?: string; customer: string; subscription: string; status: "draft" | "open" | "paid" | "void" | "uncollectible"; total?: number; created?: number; number?: string; baseUrl?: string };

export function invoiceObject(f: InvoiceFacts): Record<string, unknown> & { id: string } {
  const invoiceId = f.id ?? id("in");
  const total = f.total ?? 4900;
  const created = f.created ?? Math.floor(Date.now() / 1000);
  const base = f.baseUrl ?? "https://invoice.stripe.com";
  return {
    id: invoiceId,
    object: "invoice",
    customer: f.customer,
    number: f.status === "draft" ? null : (f.number ?? `MONITR-${invoiceId.slice(-6).toUpperCase()}`),
    status: f.status,
    currency: "usd",
    total,
    amount_due: total,
    amount_paid: f.status === "paid" ? total : 0,
    hosted_invoice_url: f.status === "draft" ? null : `${base}/i/${invoiceId}`,
    invoice_pdf: f.status === "draft" ? null : `${base}/i/${invoiceId}/pdf`,
    period_start: created,
    period_end: created + 30 * DAY,
    created,
    billing_reason: "subscription_cycle",
    parent: { type: "subscription_details", subscription_details: { subscription: f.subscription, metadata: {} } },
  };
}

export function checkoutSessionObject(f: { id?: string; customer: string; subscription: string; tenantId: string; paid?: boolean }): Record<string, unknown> & { id: string } {
  return {
    id: f.id ?? id("cs_test"),
    object: "checkout.session",
    mode: "subscription",
    status: "complete",
    customer: f.customer,
    subscription: f.subscription,
    client_reference_id: f.tenantId,
    metadata: { tenantId: f.tenantId },
    payment_status: f.paid === false ? "unpaid" : "paid",
  };
}

export function stripeEvent(type: string, object: Record<string, unknown>, created: number = Math.floor(Date.now() / 1000)): StripeEvent {
  return { id: id("evt"), object: "event", type, created, livemode: false, api_version: "2026-10-28.endive", data: { object } };
}

/** POSTs an event to Monitr's webhook, signed as Stripe would (or with a tampered signature). */
export async function deliver(
  endpoint: string,
  event: StripeEvent | string,
  options: { secret: string; signature?: string | null },
): Promise<{ status: number; body: { received?: boolean; duplicate?: boolean; ignored?: string; outcome?: string; error?: { code: string; message: string } } }> {
  const payload = typeof event === "string" ? event : JSON.stringify(event);
  const signature = options.signature === undefined ? Stripe.webhooks.generateTestHeaderString({ payload, secret: options.secret }) : options.signature;
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature === null ? {} : { "stripe-signature": signature }) },
    body: payload,
  });
  return { status: res.status, body: (await res.json()) as never };
}

/** Monitr's webhook route handler served over loopback HTTP, with the test's database and config. */
export async function startWebhookServer(deps: () => { db: Db; billing: BillingConfig }): Promise<{ url: string; close(): Promise<void> }> {
  const endpoint = stripeWebhookEndpoint(deps);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await endpoint(new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers, body: Buffer.concat(chunks) }));
      res.writeHead(response.status, { "content-type": response.headers.get("content-type") ?? "application/json" });
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/stripe`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
