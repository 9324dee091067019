import { requireApiMember } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { handler } from "@/lib/http";

type Params = { params: Promise<{ ref: string }> };

export const GET = handler(async (request: Request, { params }: Params) => dashboardsApi.get(await requireApiMember(), request, (await params).ref));

/** Saves the whole layout: name, widgets (order, sizes, titles) and the version it was edited from. */
export const PUT = handler(async (request: Request, { params }: Params) => dashboardsApi.save(await requireApiMember(), request, (await params).ref));

export const DELETE = handler(async (request: Request, { params }: Params) => dashboardsApi.remove(await requireApiMember(), request, (await params).ref));
