import { PlanLimitError } from "@/lib/http/errors";
import { allowance, LIMIT_LABELS, PLANS, type PlanId, type PlanLimits } from "./plans";

/** The billing columns of a tenant row that decide its plan. */
export type PlanHolder = { plan: PlanId; gracePeriodEndsAt?: Date | null };

/**
 * The plan in force now. `tenants.plan` is what the last Stripe event said; a grace period that
 * has run out (a payment failed and was never retried successfully) already means Free, even
 * before the worker writes that down.
 */
export function planOf(tenant: PlanHolder, now: Date = new Date()): PlanId {
  if (tenant.plan === "pro" && tenant.gracePeriodEndsAt && tenant.gracePeriodEndsAt.getTime() <= now.getTime()) return "free";
  return tenant.plan;
}

export function limitsFor(tenant: PlanHolder, now: Date = new Date()): PlanLimits {
  return PLANS[planOf(tenant, now)].limits;
}

/** "Your Free plan includes 1 AWS account. Upgrade to Pro to connect more accounts." */
export function limitMessage(plan: PlanId, limit: keyof PlanLimits): string {
  const value = PLANS[plan].limits[limit];
  const words = LIMIT_LABELS[limit];
  const includes =
    typeof value === "boolean"
      ? `Your ${PLANS[plan].name} plan does not include ${words.label}.`
      : `Your ${PLANS[plan].name} plan includes ${value} ${value === 1 ? words.one : words.many}.`;
  return `${includes} Upgrade to Pro to ${words.verb}.`;
}

/**
 * The check every verb that adds usage makes, inside the transaction that adds it: `current` is
 * how many exist before this one. Existing usage above a limit (after a downgrade) is never
 * removed; only new usage is refused.
 */
export function assertWithinLimit({ tenant, limit, current, now }: { tenant: PlanHolder; limit: keyof PlanLimits; current: number; now?: Date }): void {
  const plan = planOf(tenant, now);
  if (current >= allowance(PLANS[plan].limits[limit])) throw new PlanLimitError(limitMessage(plan, limit));
}
