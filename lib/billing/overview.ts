import { and, count, desc, eq, isNull, sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Tx } from "@/lib/db";
import { checkoutConfigured, type BillingConfig } from "./config";
import { planOf } from "./limits";
import { allowance, formatLimit, isUnlimited, LIMIT_LABELS, PLANS, type Plan, type PlanLimits } from "./plans";
import { readTenantBilling } from "./tenant-billing";

export type UsageRow = {
  key: keyof PlanLimits;
  label: string;
  /** How much is in use; null when the limit is not a count of things (retention). */
  used: number | null;
  limit: number | boolean;
  /** "1 of 1 AWS accounts", "4 alert rules · Unlimited", "14 days". */
  summary: string;
  atLimit: boolean;
  /** More in use than the plan allows (after a downgrade): kept, but nothing new can be added. */
  over: boolean;
};

export type Invoice = typeof schema.billingInvoices.$inferSelect;

export type BillingOverview = {
  plan: Plan;
  subscription: {
    status: string;
    currentPeriodEnd: Date | null;
    cancelAtPeriodEnd: boolean;
    gracePeriodEndsAt: Date | null;
  } | null;
  /** A payment failed and Stripe has not yet collected it: Pro lasts until gracePeriodEndsAt. */
  paymentFailing: boolean;
  usage: UsageRow[];
  invoices: Invoice[];
  canManage: boolean;
  canSeeInvoices: boolean;
  hasBillingAccount: boolean;
  checkoutAvailable: boolean;
};

/** Rows of a table another module owns, counted only once its migration exists. */
async function countIfTable(tx: Tx, table: string, tenantId: string, where = sql`true`): Promise<number | null> {
  const exists = await tx.execute<{ present: boolean }>(sql`select to_regclass(${`public.${table}`}) is not null as present`);
  if (!exists.rows[0]?.present) return null;
  const rows = await tx.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${tenantId} and ${where}`);
  return rows.rows[0]?.n ?? 0;
}

/** How much of each limit a tenant uses; a limit with no counter shows only the allowance. */
const USAGE: Record<keyof PlanLimits, ((tx: Tx, tenantId: string) => Promise<number | null>) | null> = {
  awsConnections: async (tx, tenantId) => {
    const t = schema.awsConnections;
    const [row] = await tx.select({ n: count() }).from(t).where(and(eq(t.tenantId, tenantId), isNull(t.disconnectedAt)));
    return row?.n ?? 0;
  },
  alertRules: (tx, tenantId) => countIfTable(tx, "alert_rules", tenantId),
  scheduledReports: async (tx, tenantId) => (await countIfTable(tx, "report_schedules", tenantId)) ?? countIfTable(tx, "scheduled_reports", tenantId),
  teamMembers: async (tx, tenantId) => {
    const [row] = await tx.select({ n: count() }).from(schema.memberships).where(eq(schema.memberships.tenantId, tenantId));
    return row?.n ?? 0;
  },
  retentionDays: null,
  pagerDuty: (tx, tenantId) => countIfTable(tx, "alert_channels", tenantId, sql`type = 'pagerduty'`),
};

function summarize(key: keyof PlanLimits, used: number | null, limit: number | boolean): string {
  const words = LIMIT_LABELS[key];
  if (key === "retentionDays") return `${formatLimit(limit)} days`;
  if (typeof limit === "boolean") {
    if (!limit) return used ? `Not included (${used} in use)` : "Not included";
    return used === null ? "Included" : `Included · ${used} in use`;
  }
  if (used === null) return `${formatLimit(limit)} ${words.many}`;
  if (isUnlimited(limit)) return `${used} ${used === 1 ? words.one : words.many} · Unlimited`;
  return `${used} of ${formatLimit(limit)} ${words.many}`;
}

/** Settings → Billing: the plan in force, usage against each limit, the subscription and its invoices. */
export async function getBillingOverview({ ctx, billing, now = new Date() }: { ctx: TenantContext; billing: BillingConfig; now?: Date }): Promise<BillingOverview> {
  const canSeeInvoices = ctx.actor.role === "owner" || ctx.actor.role === "admin";
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const state = (await readTenantBilling(tx, ctx.tenant.id)) ?? { ...ctx.tenant, stripeCustomerId: null };
      const plan = PLANS[planOf(state, now)];
      const usage: UsageRow[] = [];
      for (const key of Object.keys(LIMIT_LABELS) as (keyof PlanLimits)[]) {
        const counter = USAGE[key];
        const used = counter ? await counter(tx, ctx.tenant.id) : null;
        const limit = plan.limits[key];
        const cap = allowance(limit);
        usage.push({
          key,
          label: LIMIT_LABELS[key].label,
          used,
          limit,
          summary: summarize(key, used, limit),
          atLimit: used !== null && used >= cap,
          over: used !== null && used > cap,
        });
      }
      const invoices = canSeeInvoices
        ? await tx
            .select()
            .from(schema.billingInvoices)
            .where(and(eq(schema.billingInvoices.tenantId, ctx.tenant.id), sql`${schema.billingInvoices.status} <> 'draft'`))
            .orderBy(desc(schema.billingInvoices.issuedAt))
            .limit(24)
        : [];
      const graceActive = state.gracePeriodEndsAt !== null && state.gracePeriodEndsAt !== undefined;
      return {
        plan,
        subscription: state.subscriptionStatus
          ? {
              status: state.subscriptionStatus,
              currentPeriodEnd: state.currentPeriodEnd ?? null,
              cancelAtPeriodEnd: state.cancelAtPeriodEnd,
              gracePeriodEndsAt: state.gracePeriodEndsAt ?? null,
            }
          : null,
        paymentFailing: graceActive,
        usage,
        invoices,
        canManage: ctx.actor.role === "owner",
        canSeeInvoices,
        hasBillingAccount: Boolean(state.stripeCustomerId),
        checkoutAvailable: checkoutConfigured(billing),
      };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
