import { ReportsScreen } from "@/components/reports/reports-screen";
import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";
import { getDirectory } from "@/lib/allocation";
import { requireMember, roleAtLeast } from "@/lib/auth/guard";
import { listConnections } from "@/lib/aws";
import { listDashboards } from "@/lib/dashboards";
import { listReportFiles, listSchedules, reportsConfig } from "@/lib/reports";

export const metadata = { title: "Reports" };

/** Reports: generate a PDF or CSV now, schedule one by email, and the files made recently. */
export default async function ReportsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  if ((await listConnections(ctx)).length === 0) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-bold">Reports</h1>
        <ConnectAwsEmptyState what="PDF and CSV reports of your metrics and costs" />
      </div>
    );
  }
  const [dashboards, files, schedules, directory] = [await listDashboards({ ctx }), await listReportFiles({ ctx }), await listSchedules({ ctx }), await getDirectory(ctx)];
  const canSchedule = roleAtLeast(ctx.actor.role, "member");
  return (
    <ReportsScreen
      dashboards={[...dashboards.workspace, ...dashboards.custom, ...dashboards.clusters, ...dashboards.instances].map((d) => ({ ref: d.ref, name: d.name }))}
      instances={dashboards.instances.map((d) => ({ id: d.target, name: d.name }))}
      clusters={dashboards.clusters.map((d) => ({ id: d.target, name: d.name }))}
      owners={[
        ...directory.teams.map((t) => ({ kind: "team" as const, id: t.id, name: `Team: ${t.name}` })),
        ...directory.members.map((m) => ({ kind: "user" as const, id: m.userId, name: `Person: ${m.name}` })),
        ...directory.costCenters.map((c) => ({ kind: "cost_center" as const, id: c.id, name: `Cost center: ${c.code} · ${c.name}` })),
      ]}
      initialFiles={files}
      initialSchedules={schedules}
      canSchedule={canSchedule}
      canBrand={roleAtLeast(ctx.actor.role, "admin")}
      retentionDays={reportsConfig().retentionDays}
    />
  );
}
