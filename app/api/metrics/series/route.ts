import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

/** The metrics Monitr holds for a kind of resource (or some resources): what a widget can chart. */
export const GET = handler(async (request: Request) => dashboardsApi.availableMetrics(await requireApiMember(), request));
