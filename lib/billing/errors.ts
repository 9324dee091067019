import { AppError } from "@/lib/http/errors";

/** Upgrading on a server without Stripe settings: a permanent answer, not a failure to retry. */
export class BillingNotConfiguredError extends AppError {
  constructor() {
    super("billing_not_configured", "Billing is not configured on this server, so the plan cannot be changed here.", 501);
  }
}

/**
 * A webhook Monitr will never be able to apply as sent (bad signature, unknown customer, a price
 * that is no Monitr plan): answered 4xx so Stripe stops retrying. Transient failures (the
 * database) are left to the generic 500, which Stripe retries.
 */
export class WebhookRejectedError extends AppError {
  constructor(code: string, message: string, status: 400 | 404 | 422 = 400) {
    super(code, message, status);
  }
}
