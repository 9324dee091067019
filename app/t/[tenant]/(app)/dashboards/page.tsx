import Link from "next/link";
import { NewDashboardForm } from "@/components/dashboards/new-dashboard-form";
import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";
import { Card } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { listConnections } from "@/lib/aws";
import { canEditDashboards, listDashboards, type DashboardListItem } from "@/lib/dashboards";

export const metadata = { title: "Dashboards" };

function Item({ d }: { d: DashboardListItem }) {
  return (
    <li className="flex items-center justify-between py-2">
      <Link href={d.href} className="font-medium text-brand-700 hover:underline">
        {d.name}
      </Link>
      <span className="text-xs text-slate-500">
        {d.state ? `${d.state} · ` : ""}
        {d.generated ? (d.customized ? "generated, customized" : "generated") : "custom"}
      </span>
    </li>
  );
}

export default async function DashboardsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const [connections, list] = await Promise.all([listConnections(ctx), listDashboards({ ctx })]);
  const customizedInstances = list.instances.filter((i) => i.customized);
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-bold">Dashboards</h1>
      {connections.length === 0 ? <ConnectAwsEmptyState what="Dashboards for your EC2 instances and EKS clusters" /> : null}
      <Card title="Workspace">
        <ul className="divide-y divide-slate-100">
          {list.workspace.map((d) => (
            <Item key={d.ref} d={d} />
          ))}
        </ul>
      </Card>
      <Card title="EKS clusters">
        {list.clusters.length ? (
          <ul className="divide-y divide-slate-100">
            {list.clusters.map((d) => (
              <Item key={d.ref} d={d} />
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">No EKS clusters in the inventory. A dashboard appears for each cluster Monitr finds.</p>
        )}
      </Card>
      <Card title={`EC2 instances (${list.instances.length})`}>
        <p className="text-sm text-slate-600">
          Every instance has its own dashboard; open one from the <Link href="/dashboards/ec2" className="font-medium text-brand-700 hover:underline">EC2 fleet</Link>.
        </p>
        {customizedInstances.length ? (
          <ul className="mt-2 divide-y divide-slate-100">
            {customizedInstances.map((d) => (
              <Item key={d.ref} d={d} />
            ))}
          </ul>
        ) : null}
      </Card>
      <Card title="Custom dashboards">
        {list.custom.length ? (
          <ul className="mb-4 divide-y divide-slate-100">
            {list.custom.map((d) => (
              <Item key={d.ref} d={d} />
            ))}
          </ul>
        ) : (
          <p className="mb-4 text-sm text-slate-500">None yet. Create a blank one, or duplicate any dashboard.</p>
        )}
        {canEditDashboards(ctx) ? <NewDashboardForm /> : null}
      </Card>
    </div>
  );
}
