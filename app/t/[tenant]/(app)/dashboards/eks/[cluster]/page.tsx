import { ClusterAlertPresets } from "@/components/dashboards/cluster-alert-presets";
import { DashboardPage } from "@/components/dashboards/dashboard-page";
import { requireMember } from "@/lib/auth/guard";
import type { SearchParams } from "@/lib/dashboards";

export const metadata = { title: "EKS cluster" };

export default async function ClusterPage({ params, searchParams }: { params: Promise<{ tenant: string; cluster: string }>; searchParams: Promise<SearchParams> }) {
  const { tenant, cluster } = await params;
  const name = decodeURIComponent(cluster);
  const ctx = await requireMember(tenant);
  return (
    <div className="space-y-6">
      <DashboardPage tenant={tenant} dashboardRef={`eks-cluster.${name}`} searchParams={await searchParams} />
      <ClusterAlertPresets ctx={ctx} cluster={name} />
    </div>
  );
}
