import { DashboardPage } from "@/components/dashboards/dashboard-page";
import type { SearchParams } from "@/lib/dashboards";

export const metadata = { title: "EKS cluster" };

export default async function ClusterPage({ params, searchParams }: { params: Promise<{ tenant: string; cluster: string }>; searchParams: Promise<SearchParams> }) {
  const { tenant, cluster } = await params;
  return <DashboardPage tenant={tenant} dashboardRef={`eks-cluster.${decodeURIComponent(cluster)}`} searchParams={await searchParams} />;
}
