import { DashboardPage } from "@/components/dashboards/dashboard-page";
import type { SearchParams } from "@/lib/dashboards";

export const metadata = { title: "Costs" };

export default async function CostsPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<SearchParams> }) {
  return <DashboardPage tenant={(await params).tenant} dashboardRef="costs" searchParams={await searchParams} defaultRange="30d" emptyWhat="Daily spend, forecasts and budgets" />;
}
