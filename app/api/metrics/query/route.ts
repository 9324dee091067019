import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

/** One query API for every chart: series by ids, by resources + metric, or by tag + metric. */
export const GET = handler(async (request: Request) => dashboardsApi.metricsQuery(await requireApiMember(), request));
