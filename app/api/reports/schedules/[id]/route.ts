import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { reportsApi } from "@/lib/reports";

type Params = { params: Promise<{ id: string }> };

/** Pauses or resumes: `{ "paused": true | false }`. */
export const PATCH = handler(async (request: Request, { params }: Params) => reportsApi.updateSchedule(await requireApiMember(), request, (await params).id));

export const DELETE = handler(async (request: Request, { params }: Params) => reportsApi.deleteSchedule(await requireApiMember(), request, (await params).id));
