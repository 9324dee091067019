import { notFound } from "next/navigation";
import { ConnectAwsEmptyState } from "@/components/shell/connect-aws-empty";
import { requireMember } from "@/lib/auth/guard";
import { listConnections } from "@/lib/aws";
import { loadDashboardView, resolveTimeRange, type RangePreset, type SearchParams } from "@/lib/dashboards";
import { NotFoundError } from "@/lib/http";
import { DashboardScreen } from "./dashboard-screen";

/**
 * The server half of every dashboard page: guard, time range from the URL, the dashboard and its
 * panel data in one transaction; the client half draws it and fetches metric widgets.
 */
export async function DashboardPage({
  tenant,
  dashboardRef,
  searchParams,
  defaultRange = "24h",
  emptyWhat,
}: {
  tenant: string;
  dashboardRef: string;
  searchParams: SearchParams;
  defaultRange?: RangePreset;
  /** Generated workspace dashboards show the connect-AWS empty state until an account is connected. */
  emptyWhat?: string;
}) {
  const ctx = await requireMember(tenant);
  if (emptyWhat && (await listConnections(ctx)).length === 0) {
    return <ConnectAwsEmptyState what={emptyWhat} />;
  }
  const range = resolveTimeRange(searchParams, new Date(), { preset: defaultRange });
  const view = await loadDashboardView({ ctx, ref: dashboardRef, from: range.from, to: range.to, ...(range.asOf ? { asOf: range.asOf } : {}) }).catch((e: unknown) =>
    e instanceof NotFoundError ? notFound() : Promise.reject(e),
  );
  return (
    <DashboardScreen
      view={view}
      problems={range.problems}
      range={{ preset: range.preset, from: range.from.toISOString(), to: range.to.toISOString(), asOf: range.asOf?.toISOString() ?? null, refresh: range.refresh }}
    />
  );
}
