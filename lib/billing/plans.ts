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

export function formatLimit(value: number | boolean): string {
  if (typeof value === "boolean") return value ? "Included" : "—";
  return value === UNLIMITED ? "Unlimited" : value.toLocaleString("en-US");
}
