import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { ConnectionSettings } from "@/components/aws/connection-settings";
import { ConnectionBadge } from "@/components/aws/health-badge";
import { RetestPermissions } from "@/components/aws/retest-permissions";
import { SyncProgress } from "@/components/aws/sync-progress";
import { Card, Notice } from "@/components/ui";
import { collectionCost, getConnection, getSyncProgress, listInventoryTagKeys, listSyncRuns, type SyncRun } from "@/lib/aws";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/http";

export const metadata = { title: "AWS account" };

const when = (d: Date | null | undefined) => (d ? new Date(d).toISOString().replace("T", " ").slice(0, 19) + " UTC" : "—");

const KINDS = ["initial", "inventory", "metrics", "costs"] as const satisfies readonly SyncRun["kind"][];
const isKind = (value: unknown): value is SyncRun["kind"] => (KINDS as readonly unknown[]).includes(value);

/** How long a run took: "850 ms", "12.4 s", "3 min 5 s"; empty while it runs. */
function duration(run: SyncRun): string {
  if (!run.finishedAt) return "";
  const ms = new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime();
  if (ms < 1000) return `${Math.max(0, ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

export default async function ConnectionPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; id: string }>;
  searchParams: Promise<{ kind?: string | string[] }>;
}) {
  const { tenant, id } = await params;
  const requestedKind = (await searchParams).kind;
  const kind = isKind(requestedKind) ? requestedKind : undefined;
  const ctx = await requireMember(tenant);
  if (!z.uuid().safeParse(id).success) notFound();
  const connection = await getConnection(ctx, id).catch((e) => (e instanceof NotFoundError ? notFound() : Promise.reject(e)));
  const [progress, runs, cost, seenTagKeys] = await Promise.all([
    getSyncProgress({ ctx, connectionId: id }),
    listSyncRuns({ ctx, connectionId: id, limit: 50, ...(kind ? { kind } : {}) }),
    collectionCost({ ctx, connectionId: id }),
    listInventoryTagKeys({ ctx, connectionId: id }),
  ]);
  const disconnected = connection.disconnectedAt !== null;

  return (
    <div className="max-w-4xl space-y-6">
      <div className="flex items-center gap-3">
        <h1 className="text-2xl font-bold">{connection.name}</h1>
        <ConnectionBadge status={connection.status} disconnectedAt={connection.disconnectedAt} />
      </div>
      <p className="text-sm text-slate-600">
        Account {connection.awsAccountId} · <span className="font-mono text-xs">{connection.roleArn}</span>
      </p>
      {connection.disconnectedAt ? (
        <Notice>
          Disconnected on {when(connection.disconnectedAt)}. Monitr no longer collects from this account; the data already collected stays until
          retention removes it. Connect the role again to resume.
        </Notice>
      ) : null}
      {!disconnected && connection.status !== "healthy" && connection.lastError ? <Notice tone={connection.status === "failing" ? "error" : "warning"}>{connection.lastError}</Notice> : null}
      {!disconnected && connection.missingPermissions.length ? (
        <Notice tone="warning">
          Missing permissions: <span className="font-mono">{connection.missingPermissions.join(", ")}</span>. Add them to the role&apos;s policy; the data
          that needs them is skipped until then.
        </Notice>
      ) : null}
      {!disconnected && roleAtLeast(ctx.actor.role, "admin") ? (
        <Card title="Permissions">
          <p className="mb-3 text-sm text-slate-600">Changed the role&apos;s policy? Probe every permission again; the connection&apos;s health follows.</p>
          <RetestPermissions connectionId={id} />
        </Card>
      ) : null}

      {!disconnected ? (
        <Card title="First sync">
          <SyncProgress connectionId={id} initial={progress} />
        </Card>
      ) : null}

      {!disconnected && progress.state === "done" ? (
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
        <ConnectionSettings
          id={id}
          regions={connection.regions}
          availableRegions={connection.availableRegions}
          regionsWithResources={connection.regionsWithResources}
          interval={connection.metricsIntervalSeconds}
          costTagKeys={connection.costTagKeys}
          seenTagKeys={seenTagKeys}
          canEdit={!disconnected && roleAtLeast(ctx.actor.role, "admin")}
          cost={cost}
        />
      </Card>

      <Card title="Sync history">
        <nav aria-label="Filter sync history by kind" className="mb-3 flex flex-wrap gap-2 text-sm">
          {[undefined, ...KINDS].map((k) => (
            <Link
              key={k ?? "all"}
              href={k ? `/settings/aws/${id}?kind=${k}` : `/settings/aws/${id}`}
              aria-current={k === kind ? "page" : undefined}
              className={`rounded-full px-3 py-1 ring-1 ${k === kind ? "bg-brand-600 text-white ring-brand-600" : "text-slate-700 ring-slate-300 hover:bg-slate-50"}`}
            >
              {k ?? "all"}
            </Link>
          ))}
        </nav>
        {runs.length === 0 ? (
          <p className="text-sm text-slate-600">{kind ? `No ${kind} syncs yet.` : "No syncs yet. The first one starts within a minute of connecting."}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm" aria-label="Sync history">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th className="py-2 pr-4">Started</th>
                  <th className="py-2 pr-4">Finished</th>
                  <th className="py-2 pr-4 text-right">Duration</th>
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
                    <td className="py-2 pr-4 whitespace-nowrap">{run.finishedAt ? when(run.finishedAt) : run.status === "running" ? "running" : "—"}</td>
                    <td className="py-2 pr-4 text-right whitespace-nowrap">{duration(run)}</td>
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
