import { describe, expect, it } from "vitest";
import { loadBillingConfig, planOf } from "@/lib/billing";
import { deriveTenantBilling, mergeSnapshot, PLACEHOLDER_VERSION, recordPayment, type SubscriptionRow, type SubscriptionSnapshot } from "@/lib/billing/webhook/subscription-state";

const at = (s: number) => new Date(s * 1000);
const DAY = 86_400;
const base = { id: "sub_1", customer: "cus_1" };
const snap = (status: string, over: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot => ({
  status,
  plan: "pro",
  priceId: "price_pro",
  currentPeriodEnd: at(1_000_000),
  cancelAtPeriodEnd: false,
  cancelAt: null,
  ...over,
});
const applied = (existing: SubscriptionRow | null, s: SubscriptionSnapshot, version: number): SubscriptionRow => {
  const result = mergeSnapshot(existing, s, base, at(version));
  if (!result.apply) throw new Error(`not applied: ${result.reason}`);
  return result.row;
};

describe("mergeSnapshot", () => {
  it("ignores a snapshot older than the one applied, and anything after the end", () => {
    const row = applied(null, snap("past_due"), 200);
    expect(mergeSnapshot(row, snap("active"), base, at(100))).toEqual({ apply: false, reason: "older than the state already applied" });
    const ended = applied(row, snap("canceled"), 300);
    expect(mergeSnapshot(ended, snap("active"), base, at(400)).apply).toBe(false);
  });

  it("orders same-second snapshots by lifecycle stage", () => {
    const active = applied(null, snap("active"), 100);
    expect(mergeSnapshot(active, snap("incomplete"), base, at(100)).apply).toBe(false);
    expect(mergeSnapshot(active, snap("past_due"), base, at(100)).apply).toBe(true);
  });

  it("a placeholder loses to any real snapshot", () => {
    const placeholder = { ...applied(null, snap("active"), 0), versionAt: PLACEHOLDER_VERSION };
    expect(mergeSnapshot(placeholder, snap("incomplete"), base, at(1)).apply).toBe(true);
  });

  it("past_due starts the failing clock; a newer healthy snapshot stops it", () => {
    const due = applied(applied(null, snap("active"), 100), snap("past_due"), 200);
    expect(due.paymentFailingSince).toEqual(at(200));
    expect(applied(due, snap("active"), 300).paymentFailingSince).toBeNull();
  });
});

describe("recordPayment", () => {
  const row = applied(null, snap("active"), 100);
  it("keeps the first failure of a streak and clears it on a later payment", () => {
    const failed = recordPayment(recordPayment(row, "failed", at(200)), "failed", at(300));
    expect(failed.paymentFailingSince).toEqual(at(200));
    expect(recordPayment(failed, "paid", at(400))).toMatchObject({ paymentFailingSince: null, lastPaidAt: at(400) });
  });
  it("ignores a failure older than the last payment, in any arrival order", () => {
    const paid = recordPayment(row, "paid", at(400));
    expect(recordPayment(paid, "failed", at(300)).paymentFailingSince).toBeNull();
  });
});

describe("deriveTenantBilling", () => {
  const now = at(10 * DAY);
  it("Pro while active or past due within the grace period, Free after it, when unpaid or canceled", () => {
    const active = applied(null, snap("active"), DAY);
    expect(deriveTenantBilling([active], now)).toMatchObject({ plan: "pro", subscriptionStatus: "active", gracePeriodEndsAt: null });
    const recent = applied(active, snap("past_due"), 5 * DAY);
    expect(deriveTenantBilling([recent], now)).toMatchObject({ plan: "pro", gracePeriodEndsAt: at(12 * DAY) });
    const old = applied(active, snap("past_due"), 2 * DAY);
    expect(deriveTenantBilling([old], now)).toMatchObject({ plan: "free", gracePeriodEndsAt: at(9 * DAY) });
    expect(deriveTenantBilling([applied(active, snap("unpaid"), 5 * DAY)], now)?.plan).toBe("free");
    expect(deriveTenantBilling([applied(active, snap("canceled"), 5 * DAY)], now)?.plan).toBe("free");
    expect(deriveTenantBilling([], now)).toBeNull();
  });
  it("a live Pro subscription wins over an ended one", () => {
    const ended = { ...applied(null, snap("canceled"), 5 * DAY), stripeSubscriptionId: "sub_old" };
    const live = { ...applied(null, snap("active"), 2 * DAY), stripeSubscriptionId: "sub_new" };
    expect(deriveTenantBilling([ended, live], now)).toMatchObject({ plan: "pro", stripeSubscriptionId: "sub_new" });
  });
});

describe("planOf and config", () => {
  it("treats an expired grace period as Free before the worker writes it down", () => {
    expect(planOf({ plan: "pro", gracePeriodEndsAt: at(100) }, at(99))).toBe("pro");
    expect(planOf({ plan: "pro", gracePeriodEndsAt: at(100) }, at(100))).toBe("free");
    expect(planOf({ plan: "pro", gracePeriodEndsAt: null })).toBe("pro");
  });
  it("reads Stripe settings, all optional", () => {
    expect(loadBillingConfig({})).toEqual({ secretKey: null, webhookSecret: null, proPrices: [], apiBase: null });
    expect(
      loadBillingConfig({ STRIPE_SECRET_KEY: "sk_x", STRIPE_WEBHOOK_SECRET: "whsec_x", STRIPE_PRICE_PRO: "price_new, price_old", STRIPE_API_BASE: "http://127.0.0.1:12111" }),
    ).toEqual({ secretKey: "sk_x", webhookSecret: "whsec_x", proPrices: ["price_new", "price_old"], apiBase: { host: "127.0.0.1", port: 12111, protocol: "http" } });
    expect(loadBillingConfig({ STRIPE_API_BASE: "https://api.stripe.com" }).apiBase).toEqual({ host: "api.stripe.com", port: 443, protocol: "https" });
    expect(() => loadBillingConfig({ STRIPE_API_BASE: "not a url" })).toThrow(/STRIPE_API_BASE/);
  });
});
