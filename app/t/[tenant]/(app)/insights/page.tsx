import { CostNav } from "@/components/allocation/cost-nav";
import { pct, usd } from "@/components/budgets/money";
import { BackfillButton, DismissFinding, RestoreFinding } from "@/components/insights/finding-actions";
import { ForecastChart } from "@/components/insights/forecast-chart";
import { Card, EmptyState, Notice } from "@/components/ui";
import { isAdmin } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { CHECKS, getCostInsights, getFindings, LOW_CPU, EVIDENCE_DAYS } from "@/lib/insights";

export const metadata = { title: "Insights" };

export default async function InsightsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const [insights, report] = [await getCostInsights({ ctx }), await getFindings({ ctx })];
  const admin = isAdmin(ctx);
  const { outlook } = insights;
  const open = report.findings.filter((f) => !f.dismissed);
  const dismissed = report.findings.filter((f) => f.dismissed);
  return (
    <div className="max-w-6xl space-y-6">
      <CostNav current="/insights" />
      <h1 className="text-2xl font-bold">Insights</h1>

      <Card title="Forecast">
        {outlook.available ? (
          <div className="space-y-4">
            <dl className="grid gap-4 sm:grid-cols-3 text-sm">
              <div>
                <dt className="text-xs text-slate-500">Month to date</dt>
                <dd className="text-lg font-semibold">{usd(outlook.monthToDate)}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Month end (80 % interval)</dt>
                <dd className="text-lg font-semibold" data-testid="forecast-month-end">
                  {usd(outlook.monthEnd.amount)} <span className="text-xs font-normal text-slate-500">{usd(outlook.monthEnd.low)}–{usd(outlook.monthEnd.high)}</span>
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Next 30 days (80 % interval)</dt>
                <dd className="text-lg font-semibold">
                  {usd(outlook.next30.amount)} <span className="text-xs font-normal text-slate-500">{usd(outlook.next30.low)}–{usd(outlook.next30.high)}</span>
                </dd>
              </div>
            </dl>
            <ForecastChart outlook={outlook} />
          </div>
        ) : (
          <EmptyState title="No forecast yet">{outlook.reason}</EmptyState>
        )}
      </Card>

      <Card title={`Idle and wasted resources · ${usd(report.totalMonthlySaving)} a month to save`}>
        {report.awaitingHistory.length ? (
          <div className="mb-4 space-y-2">
            <Notice tone="info">
              {report.awaitingHistory.length} running instance(s) may be idle but have less than {EVIDENCE_DAYS} days of CPU stored; the worker backfills them daily.
            </Notice>
            {admin ? <BackfillButton /> : null}
          </div>
        ) : null}
        {open.length === 0 ? (
          <EmptyState title="Nothing to clean up">No idle instance, unattached volume, unused IP, old instance type or gp2 volume found.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Findings">
            {open.map((f) => (
              <li key={f.key} className="py-3">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div>
                    <p className="font-medium">{f.title}</p>
                    <p className="text-xs text-slate-500">
                      {CHECKS[f.check].label} · {f.resource.resourceId} · {f.resource.region}
                    </p>
                    <ul className="mt-1 list-disc pl-5 text-sm text-slate-600">
                      {f.evidence.map((e) => (
                        <li key={e}>{e}</li>
                      ))}
                    </ul>
                    <p className="mt-1 text-sm">{f.recommendation}</p>
                  </div>
                  <div className="text-right">
                    <p className="font-semibold text-emerald-700">{usd(f.monthlySaving)}/month</p>
                    {admin ? <DismissFinding findingKey={f.key} label={f.resource.name ?? f.resource.resourceId} /> : null}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        )}
        {dismissed.length ? (
          <details className="mt-4">
            <summary className="cursor-pointer text-sm text-slate-600">Dismissed ({dismissed.length})</summary>
            <ul className="mt-2 space-y-2 text-sm">
              {dismissed.map((f) => (
                <li key={f.key} className="flex items-center justify-between gap-2">
                  <span>
                    {f.title} — <em>{f.dismissed?.reason}</em>
                  </span>
                  {admin ? <RestoreFinding findingKey={f.key} /> : null}
                </li>
              ))}
            </ul>
          </details>
        ) : null}
        <p className="mt-4 text-xs text-slate-500">
          Idle means: CPU under {LOW_CPU.dailyAverage} % on average on each of at least {EVIDENCE_DAYS} days and never a 5-minute average of {LOW_CPU.peak} % or more. Savings use on-demand list prices.
        </p>
      </Card>

      <Card title="Anomalies (last 60 days)">
        {insights.anomalies.length === 0 ? (
          <p className="text-sm text-slate-600">No day departed from its expected spend.</p>
        ) : (
          <table className="min-w-full text-sm" aria-label="Anomalies">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">Day</th>
                <th className="py-2">Where</th>
                <th className="py-2 text-right">Actual</th>
                <th className="py-2 text-right">Expected</th>
                <th className="py-2 text-right">Change</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {insights.anomalies.map((a) => (
                <tr key={`${a.day}-${a.service ?? "total"}`}>
                  <td className="py-2">{a.day}</td>
                  <td className="py-2">{a.service ?? "Total spend"}</td>
                  <td className="py-2 text-right">{usd(a.actual)}</td>
                  <td className="py-2 text-right">{usd(a.expected)}</td>
                  <td className={`py-2 text-right ${a.direction === "above" ? "text-red-700" : "text-emerald-700"}`}>{pct(a.change * 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="mt-3 text-xs text-slate-500">Rule: {insights.anomalyRule}</p>
      </Card>

      {insights.comparisons.map((c) => (
        <Card key={c.label} title={`${c.label}: ${c.current.from} – ${c.current.to} vs ${c.previous.from} – ${c.previous.to}`}>
          <div className="grid gap-6 md:grid-cols-2">
            {([["By service", c.byService], ["By team", c.byTeam]] as const).map(([title, rows]) => (
              <table key={title} className="min-w-full text-sm" aria-label={`${c.label} ${title.toLowerCase()}`}>
                <thead className="text-left text-xs uppercase text-slate-500">
                  <tr>
                    <th className="py-2">{title}</th>
                    <th className="py-2 text-right">Now</th>
                    <th className="py-2 text-right">Before</th>
                    <th className="py-2 text-right">Change</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {rows.slice(0, 8).map((r) => (
                    <tr key={r.key}>
                      <td className="py-1.5">{r.key}</td>
                      <td className="py-1.5 text-right">{usd(r.current)}</td>
                      <td className="py-1.5 text-right">{usd(r.previous)}</td>
                      <td className="py-1.5 text-right">{r.changePct === null ? "new" : pct(r.changePct * 100)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ))}
          </div>
        </Card>
      ))}

      <Card title="EKS cost by namespace (last 7 days)">
        {insights.eks.clusters.length === 0 ? (
          <p className="text-sm text-slate-600">No EKS clusters found.</p>
        ) : (
          <div className="grid gap-6 md:grid-cols-2">
            {insights.eks.clusters.map((c) => (
              <table key={`${c.region}/${c.cluster}`} className="min-w-full text-sm" aria-label={`Cluster ${c.cluster}`}>
                <caption className="mb-2 text-left font-medium">
                  {c.cluster} · {c.nodes} nodes · {usd(c.nodeCost)}
                </caption>
                <thead className="text-left text-xs uppercase text-slate-500">
                  <tr>
                    <th className="py-1">Namespace</th>
                    <th className="py-1 text-right">CPU</th>
                    <th className="py-1 text-right">Memory</th>
                    <th className="py-1 text-right">Cost</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {c.namespaces.map((n) => (
                    <tr key={n.namespace}>
                      <td className="py-1">{n.namespace}</td>
                      <td className="py-1 text-right">{pct(n.cpuShare * 100)}</td>
                      <td className="py-1 text-right">{pct(n.memoryShare * 100)}</td>
                      <td className="py-1 text-right">{usd(n.cost)}</td>
                    </tr>
                  ))}
                  <tr className="italic">
                    <td className="py-1">Idle capacity</td>
                    <td colSpan={2} className="py-1 text-right">
                      {pct(c.idle.share * 100)}
                    </td>
                    <td className="py-1 text-right">{usd(c.idle.cost)}</td>
                  </tr>
                </tbody>
              </table>
            ))}
          </div>
        )}
        <p className="mt-3 text-xs text-slate-500">Method: {insights.eks.method}</p>
      </Card>
    </div>
  );
}
