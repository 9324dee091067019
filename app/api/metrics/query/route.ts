import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

/** One query API for every chart: series by ids, by resources + metric, or by tag + metric. */
export const GET = handler(async (request: Request) => dashboardsApi.metricsQuery(await requireApiMember(), request));

/** A dashboard's chart queries in one request (`{ queries: [...] }`, each with GET's parameters); reading only. */
export const POST = handler(async (request: Request) => dashboardsApi.metricsBatch(await requireApiMember(), request));
