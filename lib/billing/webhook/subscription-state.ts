import { GRACE_PERIOD_DAYS, type PlanId } from "../plans";
import type { TenantBilling } from "../tenant-billing";

/*
 * Pure rules for Stripe subscription state, kept apart from the database so each case is a unit
 * test. Stripe does not deliver events in order; every stored subscription remembers the creation
 * time of the event its state came from (`versionAt`), and a snapshot older than that is ignored.
 */

export type SubscriptionRow = {
  stripeSubscriptionId: string;
  stripeCustomerId: string;
  status: string;
  plan: PlanId | null;
  priceId: string | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  cancelAt: Date | null;
  paymentFailingSince: Date | null;
  lastPaidAt: Date | null;
  versionAt: Date;
};

export type SubscriptionSnapshot = Pick<SubscriptionRow, "status" | "plan" | "priceId" | "currentPeriodEnd" | "cancelAtPeriodEnd" | "cancelAt">;

/** A placeholder (made from a checkout or an invoice before any subscription event) loses to every real snapshot. */
export const PLACEHOLDER_VERSION = new Date(0);

/*
 * Where a status sits in a subscription's life. Two snapshots from the same second (Stripe's
 * timestamps have one-second resolution) are ordered by it: the later stage wins. Canceled and
 * incomplete_expired are final — Stripe never revives such a subscription.
 */
const STAGE: Record<string, number> = {
  incomplete: 0,
  trialing: 1,
  active: 2,
  past_due: 3,
  unpaid: 4,
  paused: 4,
  canceled: 9,
  incomplete_expired: 9,
};
const FINAL_STAGE = 9;
const stage = (status: string) => STAGE[status] ?? 0;

/** Statuses in which the subscription's plan is in force (past_due only until the grace period ends). */
const GRANTING = new Set(["active", "trialing", "past_due"]);

export type MergeResult = { apply: true; row: SubscriptionRow } | { apply: false; reason: string };

export function mergeSnapshot(existing: SubscriptionRow | null, snapshot: SubscriptionSnapshot, base: { id: string; customer: string }, versionAt: Date): MergeResult {
  if (existing) {
    if (stage(existing.status) === FINAL_STAGE && stage(snapshot.status) !== FINAL_STAGE) return { apply: false, reason: "subscription already ended" };
    const older = versionAt.getTime() < existing.versionAt.getTime();
    const sameSecondEarlierStage = versionAt.getTime() === existing.versionAt.getTime() && stage(snapshot.status) < stage(existing.status);
    if (older || sameSecondEarlierStage) return { apply: false, reason: "older than the state already applied" };
  }
  let paymentFailingSince = existing?.paymentFailingSince ?? null;
  // Stripe marks a subscription past_due when a renewal payment fails; if that snapshot comes
  // before the invoice event, the grace period starts from it.
  if (snapshot.status === "past_due" && !paymentFailingSince) paymentFailingSince = versionAt;
  // A healthy snapshot newer than the failure means the payment went through after all.
  if ((snapshot.status === "active" || snapshot.status === "trialing") && paymentFailingSince && versionAt.getTime() > paymentFailingSince.getTime()) {
    paymentFailingSince = null;
  }
  return {
    apply: true,
    row: {
      stripeSubscriptionId: base.id,
      stripeCustomerId: base.customer,
      ...snapshot,
      paymentFailingSince,
      lastPaidAt: existing?.lastPaidAt ?? null,
      versionAt,
    },
  };
}

/** A failed or successful payment of one of the subscription's invoices, at the event's time. */
export function recordPayment(row: SubscriptionRow, outcome: "paid" | "failed", at: Date): SubscriptionRow {
  if (outcome === "paid") {
    const lastPaidAt = row.lastPaidAt && row.lastPaidAt.getTime() > at.getTime() ? row.lastPaidAt : at;
    const cleared = row.paymentFailingSince && row.paymentFailingSince.getTime() <= at.getTime();
    return { ...row, lastPaidAt, paymentFailingSince: cleared ? null : row.paymentFailingSince };
  }
  // A failure older than the last successful payment is history, not a reason for a grace period.
  if (row.lastPaidAt && row.lastPaidAt.getTime() >= at.getTime()) return row;
  const since = row.paymentFailingSince && row.paymentFailingSince.getTime() < at.getTime() ? row.paymentFailingSince : at;
  return { ...row, paymentFailingSince: since };
}

const DAY = 86_400_000;

export function graceEndsAt(row: SubscriptionRow): Date | null {
  if (!row.paymentFailingSince || !GRANTING.has(row.status)) return null;
  return new Date(row.paymentFailingSince.getTime() + GRACE_PERIOD_DAYS * DAY);
}

/** Granting subscriptions first; among the rest, a live one before an ended one. */
function rank(row: SubscriptionRow): number {
  const s = stage(row.status);
  return (GRANTING.has(row.status) && row.plan === "pro" ? 100 : 0) + (s === FINAL_STAGE ? -1 : s);
}

/**
 * The tenant's billing columns from all its subscriptions: the one that grants the most decides
 * (normally there is only one). The plan is Pro while a Pro subscription is active, trialing, or
 * past due within the grace period; otherwise Free. Data is never touched by a downgrade.
 */
export function deriveTenantBilling(rows: SubscriptionRow[], now: Date): TenantBilling | null {
  if (rows.length === 0) return null;
  const primary = [...rows].sort(
    (a, b) => rank(b) - rank(a) || (b.currentPeriodEnd?.getTime() ?? 0) - (a.currentPeriodEnd?.getTime() ?? 0) || b.versionAt.getTime() - a.versionAt.getTime(),
  )[0]!;
  const grace = graceEndsAt(primary);
  const grants = GRANTING.has(primary.status) && primary.plan === "pro" && !(grace && grace.getTime() <= now.getTime());
  return {
    plan: grants ? "pro" : "free",
    stripeSubscriptionId: primary.stripeSubscriptionId,
    subscriptionStatus: primary.status,
    currentPeriodEnd: primary.currentPeriodEnd,
    cancelAtPeriodEnd: primary.cancelAtPeriodEnd,
    gracePeriodEndsAt: grace,
  };
}
