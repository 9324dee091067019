import { notFound } from "next/navigation";
import { z } from "zod";
import { ConnectionSettings } from "@/components/aws/connection-settings";
import { HealthBadge } from "@/components/aws/health-badge";
import { SyncProgress } from "@/components/aws/sync-progress";
import { Card, Notice } from "@/components/ui";
import { collectionCost, getConnection, getSyncProgress, listSyncRuns } from "@/lib/aws";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/http";

export const metadata = { title: "AWS account" };

const when = (d: Date | null | undefined) => (d ? new Date(d).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");

export default async function ConnectionPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const ctx = await requireMember(tenant);
  if (!z.uuid().safeParse(id).success) notFound();
  const connection = await getConnection(ctx, id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  const [progress, runs, cost] = await Promise.all([
    getSyncProgress({ ctx, connectionId: id }),
    listSyncRuns({ ctx, connectionId: id, limit: 50 }),
    collectionCost({ ctx, connectionId: id }),
  ]);

  return (
    <div className="max-w-4xl space-y-6">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-bold">{connection.name}</h1>
        <HealthBadge status={connection.status} />
      </div>
      <p className="text-sm text-slate-600">
        Account {connection.awsAccountId} · <span className="font-mono text-xs">{connection.roleArn}</span>
      </p>
      {connection.status !== "healthy" && connection.lastError ? <Notice tone={connection.status === "failing" ? "error" : "warning"}>{connection.lastError}</Notice> : null}
      {connection.missingPermissions.length ? (
        <Notice tone="warning">
          Missing permissions: <span className="font-mono">{connection.missingPermissions.join(", ")}</span>. Add them to the role&apos;s policy; the data
          that needs them is skipped until then.
        </Notice>
      ) : null}

      <Card title="First sync">
        <SyncProgress connectionId={id} initial={progress} />
      </Card>

      {progress.state === "done" ? (
        <Card title="Recommended alerts">
          <p className="text-sm text-slate-600">
            Start with ready-made rules: EC2 CPU above 80 % for 5 minutes, failed status checks, disks above 90 % where the CloudWatch agent
            reports them, pods in CrashLoopBackOff and failed EKS nodes.
          </p>
          <a href="/alerts" className="mt-3 inline-block text-sm font-medium text-brand-600 hover:underline">
            Set up recommended alerts →
          </a>
        </Card>
      ) : null}

      <Card title="Settings">
        <ConnectionSettings id={id} regions={connection.regions} interval={connection.metricsIntervalSeconds} canEdit={roleAtLeast(ctx.actor.role, "admin")} cost={cost} />
      </Card>

      <Card title="Sync history">
        {runs.length === 0 ? (
          <p className="text-sm text-slate-600">No syncs yet. The first one starts within a minute of connecting.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Sync history">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-4">Started</th>
                  <th className="py-2 pr-4">Kind</th>
                  <th className="py-2 pr-4">Region</th>
                  <th className="py-2 pr-4">Status</th>
                  <th className="py-2 pr-4 text-right">API calls</th>
                  <th className="py-2 pr-4 text-right">Items</th>
                  <th className="py-2">Error</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.map((run) => (
                  <tr key={run.id}>
                    <td className="py-2 pr-4 whitespace-nowrap">{when(run.startedAt)}</td>
                    <td className="py-2 pr-4">{run.kind}</td>
                    <td className="py-2 pr-4">{run.region}</td>
                    <td className="py-2 pr-4">{run.status}</td>
                    <td className="py-2 pr-4 text-right">{run.apiCalls}</td>
                    <td className="py-2 pr-4 text-right">{run.items}</td>
                    <td className="py-2 text-xs text-red-700">{run.error ?? ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
