import Link from "next/link";
import { ManageBillingButton, UpgradeButton } from "@/components/billing/billing-actions";
import { InvoiceTable } from "@/components/billing/invoice-table";
import { PaymentFailedBanner } from "@/components/billing/payment-failed-banner";
import { UsageTable } from "@/components/billing/usage-table";
import { Card, Notice } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { billingConfig, getBillingOverview, PLANS, type BillingOverview } from "@/lib/billing";
import { config } from "@/lib/config";
import { rootOrigin } from "@/lib/tenants";

export const metadata = { title: "Billing" };

const day = (d: Date) => d.toLocaleDateString("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" });

const STATUS_TEXT: Record<string, string> = {
  active: "Active",
  trialing: "Trial",
  past_due: "Payment failed — Stripe is retrying",
  unpaid: "Unpaid",
  canceled: "Canceled",
  incomplete: "Waiting for the first payment",
  incomplete_expired: "Checkout expired",
  paused: "Paused",
};

function SubscriptionLine({ overview }: { overview: BillingOverview }) {
  const s = overview.subscription;
  if (!s) return <p className="text-sm text-slate-600">No subscription. The Free plan costs nothing and never expires.</p>;
  return (
    <p className="text-sm text-slate-600" data-testid="subscription-status">
      Subscription: {STATUS_TEXT[s.status] ?? s.status}
      {s.currentPeriodEnd && s.status !== "canceled"
        ? s.cancelAtPeriodEnd
          ? ` · ends on ${day(s.currentPeriodEnd)}, then the workspace moves to Free`
          : ` · renews on ${day(s.currentPeriodEnd)}`
        : ""}
    </p>
  );
}

export default async function BillingPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const overview = await getBillingOverview({ ctx, billing: billingConfig() });
  const over = overview.usage.filter((u) => u.over);
  const onFree = overview.plan.id === "free";

  return (
    <div className="max-w-3xl space-y-6">
      <div>
        <Link href="/settings" className="text-sm text-brand-700 hover:underline">
          ← Settings
        </Link>
        <h1 className="mt-1 text-2xl font-bold">Billing</h1>
      </div>

      <PaymentFailedBanner tenant={{ plan: ctx.tenant.plan, gracePeriodEndsAt: overview.subscription?.gracePeriodEndsAt ?? null }} role={ctx.actor.role} />

      {over.length > 0 ? (
        <Notice tone="warning">
          This workspace uses more than the {overview.plan.name} plan allows: {over.map((u) => u.summary).join(", ")}. Nothing was deleted and everything
          keeps working, but you can&apos;t add more until you remove some or upgrade to Pro.
        </Notice>
      ) : null}

      <Card title="Current plan">
        <div className="flex flex-wrap items-start justify-between gap-6">
          <div className="space-y-1">
            <p className="text-xl font-semibold" data-testid="current-plan">
              {overview.plan.name}
              <span className="ml-2 text-sm font-normal text-slate-500">${overview.plan.priceUsdMonthly} / month</span>
            </p>
            <p className="text-sm text-slate-600">{overview.plan.tagline}</p>
            <SubscriptionLine overview={overview} />
          </div>
          {overview.canManage ? (
            <div className="flex flex-col items-end gap-3">
              {onFree ? <UpgradeButton /> : null}
              {overview.hasBillingAccount ? <ManageBillingButton /> : null}
            </div>
          ) : (
            <p className="max-w-56 text-sm text-slate-500">Only the workspace owner can change the plan.</p>
          )}
        </div>
        {onFree && overview.canManage && !overview.checkoutAvailable ? (
          <p className="mt-4 text-xs text-slate-500">Billing is not configured on this server (no Stripe keys), so upgrades are unavailable here.</p>
        ) : null}
        {onFree ? (
          <p className="mt-4 text-sm text-slate-600">
            Pro is ${PLANS.pro.priceUsdMonthly} / month: {PLANS.pro.tagline.toLowerCase()}{" "}
            <a href={`${rootOrigin(config().appDomain, config().protocol)}/pricing`} className="text-brand-700 hover:underline">
              Compare plans
            </a>
          </p>
        ) : null}
      </Card>

      <Card title="Usage">
        <UsageTable usage={overview.usage} />
      </Card>

      {overview.canSeeInvoices ? (
        <Card title="Invoices">
          <InvoiceTable invoices={overview.invoices} />
        </Card>
      ) : null}
    </div>
  );
}
