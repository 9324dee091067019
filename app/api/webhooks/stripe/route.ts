import { billingConfig, stripeWebhookEndpoint } from "@/lib/billing";
import { getDb } from "@/lib/db";

/*
 * Stripe → Monitr, on the root domain (no tenant host, no session): the signature on the raw body
 * is the authentication; the tenant comes from the event's Stripe customer.
 */
export const POST = stripeWebhookEndpoint(() => ({ db: getDb(), billing: billingConfig() }));
