import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

/** Daily spend, forecast to month end with its band, by service, by tag, month over month, top drivers. */
export const GET = handler(async (request: Request) => dashboardsApi.costs(await requireApiMember(), request));
