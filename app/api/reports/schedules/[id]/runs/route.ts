import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { reportsApi } from "@/lib/reports";

type Params = { params: Promise<{ id: string }> };

/** The schedule's recorded runs, newest first. */
export const GET = handler(async (request: Request, { params }: Params) => reportsApi.runs(await requireApiMember(), request, (await params).id));
