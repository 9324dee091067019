import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { expireGracePeriods, getBillingOverview, planOf } from "@/lib/billing";
import { createDb } from "@/lib/db";
import { startStripeStandIn, type StripeStandIn } from "../helpers/stand-ins/stripe";
import { checkoutSessionObject, deliver, invoiceObject, startWebhookServer, stripeEvent, subscriptionObject, type StripeEvent } from "../helpers/stand-ins/stripe-events";
import { countRows, DAY_SECONDS, invoicesOf, nowSeconds, reload, tenantRow, withCustomer } from "../helpers/stand-ins/stripe-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant } from "./aws-test-kit";

let t: TestDatabase;
let stand: StripeStandIn;
let webhook: { url: string; close(): Promise<void> };

beforeAll(async () => {
  [t, stand] = await Promise.all([createTestDatabase(), startStripeStandIn()]);
  webhook = await startWebhookServer(() => ({ db: t.db, billing: stand.config() }));
});
afterAll(async () => {
  await webhook?.close();
  await stand?.close();
  await t?.drop();
});

const send = (event: StripeEvent | string, signature?: string | null) => deliver(webhook.url, event, { secret: stand.webhookSecret, signature });

async function customerTenant(): Promise<TenantContext & { customer: string }> {
  return withCustomer(stand, await createTenant(t.db));
}

function subscriptionEvent(type: string, ctx: { customer: string }, subscriptionId: string, facts: { status?: string; cancelAtPeriodEnd?: boolean; periodEnd?: number }, created: number) {
  return stripeEvent(type, subscriptionObject({ id: subscriptionId, customer: ctx.customer, price: stand.proPrice, ...facts }), created);
}

describe("each event type updates the tenant", () => {
  it("checkout.session.completed gives Pro at once; subscription events then carry the real state", async () => {
    const ctx = await customerTenant();
    const subId = `sub_${ctx.tenant.id.slice(0, 8)}`;
    const t0 = nowSeconds();
    const done = await send(stripeEvent("checkout.session.completed", checkoutSessionObject({ customer: ctx.customer, subscription: subId, tenantId: ctx.tenant.id }), t0));
    expect(done).toMatchObject({ status: 200, body: { received: true, outcome: "applied" } });
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "pro", subscriptionStatus: "active", stripeSubscriptionId: subId });

    const periodEnd = t0 + 30 * DAY_SECONDS;
    expect((await send(subscriptionEvent("customer.subscription.created", ctx, subId, { periodEnd }, t0))).status).toBe(200);
    const tenant = await tenantRow(t.db, ctx.tenant.id);
    expect(tenant).toMatchObject({ plan: "pro", subscriptionStatus: "active", cancelAtPeriodEnd: false });
    expect(tenant.currentPeriodEnd?.getTime()).toBe(periodEnd * 1000);
    expect(await countRows(t.db, "audit_log", ctx.tenant.id, "billing.plan_changed")).toBe(1);
    expect(await countRows(t.db, "audit_log", ctx.tenant.id, "billing.customer.subscription.created")).toBe(1);
  });

  it("customer.subscription.updated records a cancellation at period end; deleted falls back to Free", async () => {
    const ctx = await customerTenant();
    const subId = `sub_u${ctx.tenant.id.slice(0, 8)}`;
    const t0 = nowSeconds() - 100;
    await send(subscriptionEvent("customer.subscription.created", ctx, subId, {}, t0));
    await send(subscriptionEvent("customer.subscription.updated", ctx, subId, { cancelAtPeriodEnd: true }, t0 + 10));
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "pro", cancelAtPeriodEnd: true });
    await send(subscriptionEvent("customer.subscription.deleted", ctx, subId, { status: "canceled" }, t0 + 20));
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "free", subscriptionStatus: "canceled" });
  });

  it("invoice.paid stores the invoice with its links; Settings → Billing lists it", async () => {
    const ctx = await customerTenant();
    const subId = `sub_i${ctx.tenant.id.slice(0, 8)}`;
    await send(subscriptionEvent("customer.subscription.created", ctx, subId, {}, nowSeconds() - 10));
    const invoice = invoiceObject({ customer: ctx.customer, subscription: subId, status: "paid", number: "MONITR-0001", total: 4900 });
    expect((await send(stripeEvent("invoice.paid", invoice))).status).toBe(200);
    const overview = await getBillingOverview({ ctx: await reload(ctx), billing: stand.config() });
    expect(overview.invoices).toHaveLength(1);
    expect(overview.invoices[0]).toMatchObject({
      number: "MONITR-0001",
      status: "paid",
      total: 4900,
      currency: "usd",
      hostedInvoiceUrl: `https://invoice.stripe.com/i/${invoice.id}`,
      invoicePdf: `https://invoice.stripe.com/i/${invoice.id}/pdf`,
    });
    // Members do not see invoices; admins and owners do.
    const member = await getBillingOverview({ ctx: { ...(await reload(ctx)), actor: { ...ctx.actor, role: "member" } }, billing: stand.config() });
    expect(member.invoices).toEqual([]);
  });

  it("invoice.payment_failed starts a 7-day grace period; a later invoice.paid ends it", async () => {
    const ctx = await customerTenant();
    const subId = `sub_f${ctx.tenant.id.slice(0, 8)}`;
    const t0 = nowSeconds() - 1000;
    await send(subscriptionEvent("customer.subscription.created", ctx, subId, {}, t0));
    const invoice = invoiceObject({ customer: ctx.customer, subscription: subId, status: "open" });
    await send(stripeEvent("invoice.payment_failed", invoice, t0 + 100));
    await send(subscriptionEvent("customer.subscription.updated", ctx, subId, { status: "past_due" }, t0 + 100));
    let tenant = await tenantRow(t.db, ctx.tenant.id);
    expect(tenant).toMatchObject({ plan: "pro", subscriptionStatus: "past_due" });
    expect(tenant.gracePeriodEndsAt?.getTime()).toBe((t0 + 100 + 7 * DAY_SECONDS) * 1000);
    expect(planOf(tenant, new Date((t0 + 8 * DAY_SECONDS) * 1000))).toBe("free");
    expect((await getBillingOverview({ ctx: await reload(ctx), billing: stand.config() })).paymentFailing).toBe(true);

    await send(stripeEvent("invoice.paid", { ...invoice, status: "paid", amount_paid: 4900 }, t0 + 200));
    await send(subscriptionEvent("customer.subscription.updated", ctx, subId, { status: "active" }, t0 + 200));
    tenant = await tenantRow(t.db, ctx.tenant.id);
    expect(tenant).toMatchObject({ plan: "pro", subscriptionStatus: "active", gracePeriodEndsAt: null });
    expect((await invoicesOf(t.db, ctx.tenant.id))[0]).toMatchObject({ status: "paid", amountPaid: 4900 });
  });

  it("a payment that failed more than 7 days ago, never recovered, means Free", async () => {
    const ctx = await customerTenant();
    const subId = `sub_g${ctx.tenant.id.slice(0, 8)}`;
    const failedAt = nowSeconds() - 8 * DAY_SECONDS;
    await send(subscriptionEvent("customer.subscription.created", ctx, subId, {}, failedAt - 100));
    await send(stripeEvent("invoice.payment_failed", invoiceObject({ customer: ctx.customer, subscription: subId, status: "open" }), failedAt));
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "free", subscriptionStatus: "active" });
  });
});

describe("grace period upkeep", () => {
  it("the worker moves a workspace to Free when its grace period ends; a later payment brings Pro back", async () => {
    const ctx = await customerTenant();
    const subId = `sub_w${ctx.tenant.id.slice(0, 8)}`;
    const failedAt = nowSeconds() - 6 * DAY_SECONDS;
    await send(subscriptionEvent("customer.subscription.created", ctx, subId, {}, failedAt - 100));
    const invoice = invoiceObject({ customer: ctx.customer, subscription: subId, status: "open" });
    await send(stripeEvent("invoice.payment_failed", invoice, failedAt));
    expect((await tenantRow(t.db, ctx.tenant.id)).plan).toBe("pro");

    expect(await expireGracePeriods({ db: t.db })).toBe(0);
    const later = new Date(Date.now() + 2 * DAY_SECONDS * 1000);
    expect(await expireGracePeriods({ db: t.db, now: later })).toBeGreaterThanOrEqual(1);
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "free" });
    expect(await countRows(t.db, "audit_log", ctx.tenant.id, "billing.plan_changed")).toBe(2);

    await send(stripeEvent("invoice.paid", { ...invoice, status: "paid" }, nowSeconds()));
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "pro", gracePeriodEndsAt: null });
  });
});

describe("idempotency and ordering", () => {
  it("the same event twice changes nothing the second time, even delivered at once", async () => {
    const ctx = await customerTenant();
    const event = subscriptionEvent("customer.subscription.created", ctx, `sub_d${ctx.tenant.id.slice(0, 8)}`, {}, nowSeconds());
    const first = await send(event);
    const before = await tenantRow(t.db, ctx.tenant.id);
    const audits = await countRows(t.db, "audit_log", ctx.tenant.id, "billing.");
    const again = await send(event);
    expect(first.body).toMatchObject({ outcome: "applied" });
    expect(again).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
    expect(await tenantRow(t.db, ctx.tenant.id)).toEqual(before);
    expect(await countRows(t.db, "audit_log", ctx.tenant.id, "billing.")).toBe(audits);
    expect(await countRows(t.db, "billing_events", ctx.tenant.id)).toBe(1);

    const invoice = stripeEvent("invoice.paid", invoiceObject({ customer: ctx.customer, subscription: `sub_d${ctx.tenant.id.slice(0, 8)}`, status: "paid" }));
    const results = await Promise.all([send(invoice), send(invoice), send(invoice)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(results.filter((r) => r.body.duplicate).length).toBe(2);
    expect(await countRows(t.db, "billing_events", ctx.tenant.id)).toBe(2);
    expect(await countRows(t.db, "billing_invoices", ctx.tenant.id)).toBe(1);
  });

  it("created → updated → deleted delivered backwards ends canceled", async () => {
    const ctx = await customerTenant();
    const subId = `sub_o${ctx.tenant.id.slice(0, 8)}`;
    const t0 = nowSeconds() - 300;
    const created = subscriptionEvent("customer.subscription.created", ctx, subId, {}, t0);
    const updated = subscriptionEvent("customer.subscription.updated", ctx, subId, { cancelAtPeriodEnd: true }, t0 + 60);
    const deleted = subscriptionEvent("customer.subscription.deleted", ctx, subId, { status: "canceled" }, t0 + 120);
    expect((await send(deleted)).body.outcome).toBe("applied");
    expect((await send(updated)).body.outcome).toBe("stale");
    expect((await send(created)).body.outcome).toBe("stale");
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "free", subscriptionStatus: "canceled" });
  });

  it("past_due before the older 'active' snapshot stays past_due; a paid invoice before an older failure leaves no grace", async () => {
    const ctx = await customerTenant();
    const subId = `sub_p${ctx.tenant.id.slice(0, 8)}`;
    const t0 = nowSeconds() - 300;
    await send(subscriptionEvent("customer.subscription.updated", ctx, subId, { status: "past_due" }, t0 + 60));
    await send(subscriptionEvent("customer.subscription.created", ctx, subId, { status: "active" }, t0));
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ subscriptionStatus: "past_due", plan: "pro" });

    const other = await customerTenant();
    const sub2 = `sub_q${other.tenant.id.slice(0, 8)}`;
    const invoice = invoiceObject({ customer: other.customer, subscription: sub2, status: "open" });
    await send(subscriptionEvent("customer.subscription.created", other, sub2, {}, t0));
    await send(stripeEvent("invoice.paid", { ...invoice, status: "paid" }, t0 + 120));
    await send(stripeEvent("invoice.payment_failed", invoice, t0 + 60));
    expect(await tenantRow(t.db, other.tenant.id)).toMatchObject({ plan: "pro", gracePeriodEndsAt: null });
    expect((await invoicesOf(t.db, other.tenant.id))[0]?.status).toBe("paid");
  });

  it("a checkout completed after the subscription's own events does not overwrite them", async () => {
    const ctx = await customerTenant();
    const subId = `sub_c${ctx.tenant.id.slice(0, 8)}`;
    const t0 = nowSeconds() - 100;
    await send(subscriptionEvent("customer.subscription.deleted", ctx, subId, { status: "canceled" }, t0 + 50));
    await send(stripeEvent("checkout.session.completed", checkoutSessionObject({ customer: ctx.customer, subscription: subId, tenantId: ctx.tenant.id }), t0));
    expect(await tenantRow(t.db, ctx.tenant.id)).toMatchObject({ plan: "free", subscriptionStatus: "canceled" });
  });
});

describe("refusals", () => {
  it("refuses a bad, missing or foreign signature with 400 and records nothing", async () => {
    const ctx = await customerTenant();
    const event = subscriptionEvent("customer.subscription.created", ctx, `sub_s${ctx.tenant.id.slice(0, 8)}`, {}, nowSeconds());
    const payload = JSON.stringify(event);
    const foreign = Stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" });
    const signedThenTampered = Stripe.webhooks.generateTestHeaderString({ payload, secret: stand.webhookSecret });
    const tampered = payload.replace('"status":"active"', '"status":"trialing"');
    for (const [body, signature] of [
      [payload, foreign],
      [payload, null],
      [payload, "t=1,v1=deadbeef"],
      [tampered, signedThenTampered],
    ] as const) {
      const res = await send(body, signature);
      expect(res.status).toBe(400);
      expect(res.body.error?.code).toBe("invalid_signature");
    }
    expect(await countRows(t.db, "billing_events", ctx.tenant.id)).toBe(0);
    expect((await tenantRow(t.db, ctx.tenant.id)).plan).toBe("free");
  });

  it("answers 4xx for unknown customers and prices, 200 for events outside the allow-list", async () => {
    const unknown = await send(stripeEvent("customer.subscription.created", subscriptionObject({ customer: "cus_nobody", price: stand.proPrice })));
    expect(unknown).toMatchObject({ status: 404, body: { error: { code: "unknown_customer" } } });
    const ctx = await customerTenant();
    const wrongPrice = await send(stripeEvent("customer.subscription.created", subscriptionObject({ customer: ctx.customer, price: "price_not_monitr" })));
    expect(wrongPrice).toMatchObject({ status: 422, body: { error: { code: "unknown_price" } } });
    const ignored = await send(stripeEvent("charge.succeeded", { id: "ch_1", object: "charge", customer: ctx.customer }));
    expect(ignored).toMatchObject({ status: 200, body: { received: true } });
    expect(ignored.body.ignored).toMatch(/charge\.succeeded/);
    const malformed = await send(stripeEvent("customer.subscription.updated", { id: "sub_x", object: "subscription" }));
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "invalid_event" } } });
    expect(await countRows(t.db, "billing_events", ctx.tenant.id)).toBe(0);
  });

  it("answers 400 when the server has no webhook secret, and 500 (retry) when the database is down", async () => {
    const unconfigured = await startWebhookServer(() => ({ db: t.db, billing: stand.config({ webhookSecret: null }) }));
    const down = createDb("postgres://monitr@127.0.0.1:1/nowhere", { max: 1 });
    const broken = await startWebhookServer(() => ({ db: down, billing: stand.config() }));
    try {
      const event = stripeEvent("customer.subscription.created", subscriptionObject({ customer: "cus_any", price: stand.proPrice }));
      const a = await deliver(unconfigured.url, event, { secret: stand.webhookSecret });
      expect(a).toMatchObject({ status: 400, body: { error: { code: "webhook_not_configured" } } });
      const b = await deliver(broken.url, event, { secret: stand.webhookSecret });
      expect(b.status).toBe(500);
      expect(b.body.error?.code).toBe("internal_error");
    } finally {
      await Promise.all([unconfigured.close(), broken.close(), down.$client.end()]);
    }
  });
});
