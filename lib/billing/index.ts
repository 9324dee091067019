// The billing module's public surface: plans and limits for every module, Stripe verbs for the UI.
export {
  PLANS,
  LIMIT_LABELS,
  GRACE_PERIOD_DAYS,
  allowance,
  isUnlimited,
  formatLimit,
  type Plan,
  type PlanId,
  type PlanLimits,
} from "./plans";
export { planOf, limitsFor, assertWithinLimit, limitMessage, type PlanHolder } from "./limits";
export { billingConfig, loadBillingConfig, checkoutConfigured, NO_BILLING, type BillingConfig, type StripeApiBase } from "./config";
export { BillingNotConfiguredError, WebhookRejectedError } from "./errors";
export { ensureStripeCustomer, startCheckout, openBillingPortal } from "./checkout";
export { getBillingOverview, type BillingOverview, type UsageRow, type Invoice } from "./overview";
export { receiveStripeWebhook, stripeWebhookEndpoint, type WebhookReceipt } from "./webhook/receive-webhook";
export { HANDLED_EVENT_TYPES, type HandledEventType } from "./webhook/event-handlers";
export { expireGracePeriods, registerBillingJobs, BILLING_GRACE_QUEUE } from "./expire-grace";
export { cancelSubscriptionOnDelete } from "./cancel-on-delete";
