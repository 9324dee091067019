import { Suspense } from "react";
import { DashboardPage } from "@/components/dashboards/dashboard-page";
import { Spinner } from "@/components/ui";
import type { SearchParams } from "@/lib/dashboards";

export const metadata = { title: "Overview" };

export default async function OverviewPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<SearchParams> }) {
  return (
    <Suspense fallback={<div className="py-16 text-center"><Spinner label="Loading overview" /></div>}>
      <DashboardPage tenant={(await params).tenant} dashboardRef="overview" searchParams={await searchParams} emptyWhat="Your instances, clusters, alerts and spend" />
    </Suspense>
  );
}
