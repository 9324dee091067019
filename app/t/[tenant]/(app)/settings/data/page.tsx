import { Card } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { PLANS } from "@/lib/billing";
import { getRetentionSummary } from "@/lib/retention";

export const metadata = { title: "Data & retention" };

const day = (d: Date) => d.toISOString().slice(0, 10);

export default async function DataSettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const s = await getRetentionSummary(ctx);
  return (
    <div className="max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">Data &amp; retention</h1>
      <Card title="Metric retention">
        <dl className="grid grid-cols-2 gap-4 text-sm" aria-label="Retention">
          <div>
            <dt className="text-slate-500">Your plan keeps metrics for</dt>
            <dd className="text-lg font-semibold" data-testid="retention-days">
              {s.retentionDays} days
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Points older than this are removed</dt>
            <dd className="text-lg font-semibold">{day(s.cutoff)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Oldest point stored</dt>
            <dd>{s.oldestPoint ? day(s.oldestPoint) : "no metrics yet"}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Series · resources tracked</dt>
            <dd>
              {s.series.toLocaleString("en-US")} · {s.resourcesTracked.toLocaleString("en-US")}
            </dd>
          </div>
          <div>
            <dt className="text-slate-500">Last retention run</dt>
            <dd>{s.lastRun?.finishedAt ? `${s.lastRun.finishedAt.toISOString().slice(0, 16).replace("T", " ")} UTC${s.lastRun.error ? " (failed, retried)" : ""}` : "not yet"}</dd>
          </div>
        </dl>
        <p className="mt-4 text-sm text-slate-600">
          A retention job runs daily at 03:17 UTC. Raw points, 5-minute and hourly rollups older than your plan&apos;s window are deleted; inventory history,
          costs and the audit log are kept.{" "}
          {s.plan === "free" ? `Pro keeps ${PLANS.pro.limits.retentionDays} days.` : null}
        </p>
      </Card>
    </div>
  );
}
