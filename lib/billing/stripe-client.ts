import Stripe from "stripe";
import { logger } from "@/lib/log";
import { UpstreamError } from "@/lib/http/errors";
import type { BillingConfig } from "./config";
import { BillingNotConfiguredError } from "./errors";

const clients = new Map<string, Stripe>();

/** One client per key and endpoint (the stand-in in tests, api.stripe.com otherwise). */
export function stripeClient(config: BillingConfig): Stripe {
  if (!config.secretKey) throw new BillingNotConfiguredError();
  const cacheKey = `${config.secretKey}@${config.apiBase ? `${config.apiBase.protocol}://${config.apiBase.host}:${config.apiBase.port}` : "stripe"}`;
  let client = clients.get(cacheKey);
  if (!client) {
    client = new Stripe(config.secretKey, {
      // The package retries network errors and 409/429/5xx with the same idempotency key.
      maxNetworkRetries: 2,
      timeout: 15_000,
      ...(config.apiBase ? { host: config.apiBase.host, port: config.apiBase.port, protocol: config.apiBase.protocol } : {}),
    });
    clients.set(cacheKey, client);
  }
  return client;
}

/** Stripe's own errors become an UpstreamError with a message fit for the user; details go to the log. */
export async function callStripe<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      logger.error({ err: { type: error.type, code: error.code, message: error.message, requestId: error.requestId } }, `stripe: ${what} failed`);
      throw new UpstreamError("Stripe could not be reached or refused the request. Try again in a minute.");
    }
    throw error;
  }
}
