import { ButtonLink } from "@/components/ui";
import { formatLimit, PLANS, type PlanLimits } from "@/lib/billing";

export const metadata = { title: "Pricing" };

const ROWS: [keyof PlanLimits, string][] = [
  ["awsConnections", "AWS accounts"],
  ["alertRules", "Alert rules"],
  ["retentionDays", "Data retention (days)"],
  ["scheduledReports", "Scheduled reports"],
  ["teamMembers", "Team members"],
  ["pagerDuty", "PagerDuty"],
];

export default function PricingPage() {
  return (
    <div className="mx-auto max-w-4xl px-6 py-16">
      <h1 className="text-center text-3xl font-bold">Simple pricing</h1>
      <div className="mt-10 grid gap-6 sm:grid-cols-2">
        {Object.values(PLANS).map((plan) => (
          <section key={plan.id} aria-labelledby={`plan-${plan.id}`} className="rounded-lg border border-slate-200 bg-white p-8">
            <h2 id={`plan-${plan.id}`} className="text-xl font-semibold">
              {plan.name}
            </h2>
            <p className="mt-1 text-sm text-slate-600">{plan.tagline}</p>
            <p className="mt-4 text-3xl font-bold">
              ${plan.priceUsdMonthly}
              <span className="text-base font-normal text-slate-500"> / month</span>
            </p>
            <dl className="mt-6 space-y-2 text-sm">
              {ROWS.map(([key, label]) => (
                <div key={key} className="flex justify-between border-b border-slate-100 pb-2">
                  <dt className="text-slate-600">{label}</dt>
                  <dd className="font-medium">{formatLimit(plan.limits[key])}</dd>
                </div>
              ))}
            </dl>
            <ButtonLink href={`/signup?plan=${plan.id}`} className="mt-8 w-full" variant={plan.id === "pro" ? "primary" : "secondary"}>
              Choose {plan.name}
            </ButtonLink>
          </section>
        ))}
      </div>
    </div>
  );
}
