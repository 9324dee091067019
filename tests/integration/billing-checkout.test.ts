import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BillingNotConfiguredError, NO_BILLING, openBillingPortal, startCheckout } from "@/lib/billing";
import { ConflictError, ForbiddenError, UpstreamError } from "@/lib/http/errors";
import { startStripeStandIn, type StripeStandIn } from "../helpers/stand-ins/stripe";
import { deliver, startWebhookServer, stripeEvent, subscriptionObject } from "../helpers/stand-ins/stripe-events";
import { countRows, reload, tenantRow } from "../helpers/stand-ins/stripe-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, rejection } from "./aws-test-kit";

let t: TestDatabase;
let stand: StripeStandIn;
beforeAll(async () => {
  [t, stand] = await Promise.all([createTestDatabase(), startStripeStandIn()]);
});
afterAll(async () => {
  await stand?.close();
  await t?.drop();
});

const origin = (slug: string) => `http://${slug}.localhost:3000`;
const customersOf = (tenantId: string) => [...stand.customers.values()].filter((c) => (c.metadata as Record<string, string>).tenantId === tenantId);

describe("checkout", () => {
  it("creates the tenant's Stripe customer once and a subscription checkout returning to its subdomain", async () => {
    const ctx = await createTenant(t.db);
    const first = await startCheckout({ ctx, billing: stand.config(), origin: origin(ctx.tenant.slug) });
    expect(first.url).toBe(`${stand.url}/c/pay/${first.sessionId}`);
    const session = stand.checkoutSessions.get(first.sessionId)!;
    const [customer] = customersOf(ctx.tenant.id);
    expect(customer).toMatchObject({ name: ctx.tenant.name, email: ctx.actor.email });
    expect(session).toMatchObject({
      mode: "subscription",
      customer: customer!.id,
      price: stand.proPrice,
      client_reference_id: ctx.tenant.id,
      metadata: { tenantId: ctx.tenant.id },
      subscription_metadata: { tenantId: ctx.tenant.id },
      success_url: `${origin(ctx.tenant.slug)}/billing/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${origin(ctx.tenant.slug)}/billing/cancel`,
    });
    expect((await tenantRow(t.db, ctx.tenant.id)).stripeCustomerId).toBe(customer!.id);

    // A second click (same ten minutes) gets the same open session; a later one reuses the customer.
    const again = await startCheckout({ ctx: await reload(ctx), billing: stand.config(), origin: origin(ctx.tenant.slug) });
    expect(again.sessionId).toBe(first.sessionId);
    const later = await startCheckout({ ctx: await reload(ctx), billing: stand.config(), origin: origin(ctx.tenant.slug), now: new Date(Date.now() + 3_600_000) });
    expect(later.sessionId).not.toBe(first.sessionId);
    expect(stand.checkoutSessions.get(later.sessionId)?.customer).toBe(customer!.id);
    expect(customersOf(ctx.tenant.id)).toHaveLength(1);
    expect(await countRows(t.db, "audit_log", ctx.tenant.id, "billing.customer_created")).toBe(1);
  });

  it("two clicks at the same moment create one customer", async () => {
    const ctx = await createTenant(t.db);
    stand.setLatency(150);
    try {
      const results = await Promise.all([0, 1, 2].map(() => startCheckout({ ctx, billing: stand.config(), origin: origin(ctx.tenant.slug) })));
      expect(new Set(results.map((r) => stand.checkoutSessions.get(r.sessionId)?.customer)).size).toBe(1);
    } finally {
      stand.setLatency(0);
    }
    expect(customersOf(ctx.tenant.id)).toHaveLength(1);
    expect(stand.requests.filter((r) => r.path === "/v1/customers" && r.params["metadata[tenantId]"] === ctx.tenant.id)).toHaveLength(1);
  });

  it("is for owners only", async () => {
    const admin = await createTenant(t.db, { role: "admin" });
    expect(await rejection(startCheckout({ ctx: admin, billing: stand.config(), origin: "http://x" }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(openBillingPortal({ ctx: admin, billing: stand.config(), origin: "http://x" }))).toBeInstanceOf(ForbiddenError);
    expect(customersOf(admin.tenant.id)).toHaveLength(0);
  });

  it("says billing is not configured when the server has no Stripe key, without calling Stripe", async () => {
    const ctx = await createTenant(t.db);
    const calls = stand.requests.length;
    const error = await rejection(startCheckout({ ctx, billing: NO_BILLING, origin: "http://x" }));
    expect(error).toBeInstanceOf(BillingNotConfiguredError);
    expect((error as BillingNotConfiguredError).status).toBe(501);
    expect((error as Error).message).toMatch(/Billing is not configured on this server/);
    expect(await rejection(openBillingPortal({ ctx, billing: NO_BILLING, origin: "http://x" }))).toBeInstanceOf(BillingNotConfiguredError);
    expect(stand.requests.length).toBe(calls);
  });

  it("reports a Stripe outage as an upstream error and stores no customer", async () => {
    const ctx = await createTenant(t.db);
    stand.failNext(5, 503);
    try {
      expect(await rejection(startCheckout({ ctx, billing: stand.config(), origin: "http://x" }))).toBeInstanceOf(UpstreamError);
    } finally {
      stand.failNext(0);
    }
    expect((await tenantRow(t.db, ctx.tenant.id)).stripeCustomerId).toBeNull();
  });

  it("refuses a second checkout once the workspace is on Pro", async () => {
    const ctx = await createTenant(t.db);
    await startCheckout({ ctx, billing: stand.config(), origin: "http://x" });
    const customer = (await tenantRow(t.db, ctx.tenant.id)).stripeCustomerId!;
    const webhook = await startWebhookServer(() => ({ db: t.db, billing: stand.config() }));
    try {
      const res = await deliver(webhook.url, stripeEvent("customer.subscription.created", subscriptionObject({ customer, price: stand.proPrice })), { secret: stand.webhookSecret });
      expect(res.status).toBe(200);
    } finally {
      await webhook.close();
    }
    const error = await rejection(startCheckout({ ctx: await reload(ctx), billing: stand.config(), origin: "http://x" }));
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(/already on Pro/);
  });
});

describe("billing portal", () => {
  it("needs a billing account, then opens a portal session returning to Settings → Billing", async () => {
    const ctx = await createTenant(t.db);
    expect(await rejection(openBillingPortal({ ctx, billing: stand.config(), origin: origin(ctx.tenant.slug) }))).toBeInstanceOf(ConflictError);
    await startCheckout({ ctx, billing: stand.config(), origin: origin(ctx.tenant.slug) });
    const { url } = await openBillingPortal({ ctx, billing: stand.config(), origin: origin(ctx.tenant.slug) });
    const session = [...stand.portalSessions.values()].find((s) => s.url === url);
    expect(session).toMatchObject({ customer: (await tenantRow(t.db, ctx.tenant.id)).stripeCustomerId, return_url: `${origin(ctx.tenant.slug)}/settings/billing` });
  });
});
