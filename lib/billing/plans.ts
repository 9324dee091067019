/** Free and Pro, defined once: the pricing page, Settings → Billing and the limit checks read this. */
export type PlanId = "free" | "pro";

export type PlanLimits = {
  awsConnections: number;
  alertRules: number;
  retentionDays: number;
  scheduledReports: number;
  teamMembers: number;
  pagerDuty: boolean;
};

export type Plan = { id: PlanId; name: string; priceUsdMonthly: number; tagline: string; limits: PlanLimits };

const UNLIMITED = Number.POSITIVE_INFINITY;

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    priceUsdMonthly: 0,
    tagline: "One AWS account, the essentials.",
    limits: { awsConnections: 1, alertRules: 5, retentionDays: 14, scheduledReports: 1, teamMembers: 3, pagerDuty: false },
  },
  pro: {
    id: "pro",
    name: "Pro",
    priceUsdMonthly: 49,
    tagline: "Every account, every channel, a year of history.",
    limits: { awsConnections: UNLIMITED, alertRules: UNLIMITED, retentionDays: 395, scheduledReports: UNLIMITED, teamMembers: UNLIMITED, pagerDuty: true },
  },
};

/** How each limit reads in messages and on Settings → Billing ("1 of 1 AWS accounts"). */
export const LIMIT_LABELS: Record<keyof PlanLimits, { label: string; one: string; many: string; verb: string }> = {
  awsConnections: { label: "AWS accounts", one: "AWS account", many: "AWS accounts", verb: "connect more accounts" },
  alertRules: { label: "Alert rules", one: "alert rule", many: "alert rules", verb: "create more alert rules" },
  retentionDays: { label: "Data retention", one: "day of history", many: "days of history", verb: "keep more history" },
  scheduledReports: { label: "Scheduled reports", one: "scheduled report", many: "scheduled reports", verb: "schedule more reports" },
  teamMembers: { label: "Team members", one: "team member", many: "team members", verb: "add more members" },
  pagerDuty: { label: "PagerDuty", one: "PagerDuty channel", many: "PagerDuty channels", verb: "notify PagerDuty" },
};

/** A limit as a count: a boolean feature allows unlimited use when included and none when not. */
export function allowance(value: number | boolean): number {
  if (typeof value === "boolean") return value ? UNLIMITED : 0;
  return value;
}

export function isUnlimited(value: number | boolean): boolean {
  return allowance(value) === UNLIMITED;
}

/** A failed payment keeps Pro this long before the workspace falls back to Free. */
export const GRACE_PERIOD_DAYS = 7;

export function formatLimit(value: number | boolean): string {
  if (typeof value === "boolean") return value ? "Included" : "—";
  return value === UNLIMITED ? "Unlimited" : value.toLocaleString("en-US");
}
