import { DashboardPage } from "@/components/dashboards/dashboard-page";
import type { SearchParams } from "@/lib/dashboards";

export const metadata = { title: "EC2 instance" };

export default async function InstancePage({ params, searchParams }: { params: Promise<{ tenant: string; instance: string }>; searchParams: Promise<SearchParams> }) {
  const { tenant, instance } = await params;
  return <DashboardPage tenant={tenant} dashboardRef={`ec2-instance.${decodeURIComponent(instance)}`} searchParams={await searchParams} />;
}
