import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

/** Drops a generated dashboard's customization: it follows its template again. */
export const POST = handler(async (request: Request, { params }: { params: Promise<{ ref: string }> }) => dashboardsApi.reset(await requireApiMember(), request, (await params).ref));
