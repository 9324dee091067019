/*
 * Stripe settings, read from the environment once at the edge (route handlers, the worker) and
 * passed to the verbs. Every value is optional: without STRIPE_SECRET_KEY the app runs on Free
 * and upgrading says billing is not configured on this server.
 */
export type StripeApiBase = { host: string; port: number; protocol: "http" | "https" };

export type BillingConfig = {
  secretKey: string | null;
  webhookSecret: string | null;
  /** Stripe price ids that buy Pro; the first is offered at checkout, the rest are older prices still honoured. */
  proPrices: string[];
  /** Where the Stripe client sends API calls (a local stand-in in tests); null = api.stripe.com. */
  apiBase: StripeApiBase | null;
};

export const NO_BILLING: BillingConfig = { secretKey: null, webhookSecret: null, proPrices: [], apiBase: null };

export function parseApiBase(raw: string): StripeApiBase {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`STRIPE_API_BASE must be a URL like https://api.stripe.com, got "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`STRIPE_API_BASE must use http or https, got "${raw}"`);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

export function loadBillingConfig(env: Record<string, string | undefined>): BillingConfig {
  const value = (name: string) => (env[name] ?? "").trim() || null;
  const apiBase = value("STRIPE_API_BASE");
  return {
    secretKey: value("STRIPE_SECRET_KEY"),
    webhookSecret: value("STRIPE_WEBHOOK_SECRET"),
    proPrices: (value("STRIPE_PRICE_PRO") ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
    apiBase: apiBase ? parseApiBase(apiBase) : null,
  };
}

let cached: BillingConfig | undefined;

/** The web process's billing configuration (route handlers and pages call this, verbs never do). */
export function billingConfig(): BillingConfig {
  cached ??= loadBillingConfig(process.env);
  return cached;
}

/** Checkout needs the API key and a price to sell. */
export function checkoutConfigured(config: BillingConfig): boolean {
  return config.secretKey !== null && config.proPrices.length > 0;
}
