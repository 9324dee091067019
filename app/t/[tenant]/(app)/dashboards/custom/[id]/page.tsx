import { DashboardPage } from "@/components/dashboards/dashboard-page";
import type { SearchParams } from "@/lib/dashboards";

export const metadata = { title: "Dashboard" };

export default async function CustomDashboardPage({ params, searchParams }: { params: Promise<{ tenant: string; id: string }>; searchParams: Promise<SearchParams> }) {
  const { tenant, id } = await params;
  return <DashboardPage tenant={tenant} dashboardRef={`custom.${id}`} searchParams={await searchParams} />;
}
