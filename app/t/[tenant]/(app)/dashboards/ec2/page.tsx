import { DashboardPage } from "@/components/dashboards/dashboard-page";
import type { SearchParams } from "@/lib/dashboards";

export const metadata = { title: "EC2 fleet" };

export default async function FleetPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<SearchParams> }) {
  return <DashboardPage tenant={(await params).tenant} dashboardRef="ec2-fleet" searchParams={await searchParams} emptyWhat="Your EC2 instances" />;
}
