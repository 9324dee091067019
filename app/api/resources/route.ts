import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

/** The inventory at `at` (default now) as known at `asOf`, filtered by kind, state, region, tag. */
export const GET = handler(async (request: Request) => dashboardsApi.resources(await requireApiMember(), request));
