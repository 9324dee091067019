import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

export const GET = handler(async () => dashboardsApi.list(await requireApiMember()));

/** A blank dashboard, or a duplicate with `copyOf`. The verb refuses viewers. */
export const POST = handler(async (request: Request) => dashboardsApi.create(await requireApiMember(), request));
