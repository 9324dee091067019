import { CostNav } from "@/components/allocation/cost-nav";
import { AssignResources, type AssignableResource } from "@/components/allocation/assign-resources";
import { ownerOptions } from "@/components/allocation/owner-options";
import { EmptyState } from "@/components/ui";
import { isAdmin, listOwnedResources } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { can } from "@/lib/team/permissions";

export const metadata = { title: "Resources & owners" };

function detail(r: { kind: string; attributes: Record<string, unknown> }): string {
  const a = r.attributes;
  const DETAILS: Record<string, () => string> = {
    ec2_instance: () => String(a.instanceType ?? ""),
    ebs_volume: () => `${String(a.volumeType ?? "")} · ${String(a.sizeGiB ?? "?")} GiB${a.attachedTo ? ` · on ${String(a.attachedTo)}` : " · unattached"}`,
    elastic_ip: () => String(a.publicIp ?? ""),
    eks_cluster: () => `Kubernetes ${String(a.version ?? "")}`,
  };
  return DETAILS[r.kind]?.() ?? "";
}

export default async function AssignmentsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const { resources, directory } = await listOwnedResources({ ctx });
  const rows: AssignableResource[] = resources
    .filter((r) => r.state !== "terminated")
    .map((r) => ({ connectionId: r.connectionId, region: r.region, kind: r.kind, resourceId: r.resourceId, name: r.name, state: r.state, detail: detail(r), ownerName: r.ownerName, source: r.source }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || (a.name ?? a.resourceId).localeCompare(b.name ?? b.resourceId));
  const owners = isAdmin(ctx) ? ownerOptions(directory) : [{ value: `user:${ctx.actor.userId}`, label: `Me (${ctx.actor.name})` }];
  return (
    <div className="max-w-6xl">
      <CostNav current="/teams/assignments" />
      <h1 className="text-2xl font-bold">Resources &amp; owners</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        A resource has at most one owner: a direct assignment, else the first matching tag rule. Every change is kept in its history and the audit log.
      </p>
      {rows.length === 0 ? (
        <EmptyState title="No resources yet">Connect an AWS account; resources appear here after the first inventory sync.</EmptyState>
      ) : can(ctx.actor.role, "budgets.edit") ? (
        <AssignResources resources={rows} owners={owners} />
      ) : (
        <AssignResources resources={rows} owners={[]} />
      )}
    </div>
  );
}
