import { ButtonLink } from "@/components/ui";

const FEATURES = [
  ["Connect in one step", "Paste a read-only IAM role ARN, or create it with one CloudFormation click. No access keys, ever."],
  ["Dashboards that build themselves", "EC2 and EKS discovered in every region, with CPU, memory, disk, network, pods and restarts."],
  ["Alerts that don't lose messages", "Pending periods, AND / OR conditions, Slack, PagerDuty, email and webhooks, delivered with retries."],
  ["Honest cost views", "Daily spend by service and team, forecasts, budgets and idle resources, with every Cost Explorer revision kept."],
] as const;

export default function LandingPage() {
  return (
    <div>
      <section className="mx-auto max-w-6xl px-6 py-20 text-center">
        <h1 className="text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">AWS monitoring and cost control, in minutes.</h1>
        <p className="mx-auto mt-6 max-w-2xl text-lg text-slate-600">
          Monitr watches your EC2 instances, EKS clusters and AWS bill, and tells you what changed, what it costs, and what to do about it.
        </p>
        <div className="mt-10 flex justify-center gap-4">
          <ButtonLink href="/signup">Start free</ButtonLink>
          <ButtonLink href="/pricing" variant="secondary">
            See pricing
          </ButtonLink>
        </div>
      </section>
      <section className="mx-auto grid max-w-6xl gap-6 px-6 pb-20 sm:grid-cols-2">
        {FEATURES.map(([title, text]) => (
          <div key={title} className="rounded-lg border border-slate-200 bg-white p-6">
            <h2 className="font-semibold text-slate-900">{title}</h2>
            <p className="mt-2 text-sm text-slate-600">{text}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
