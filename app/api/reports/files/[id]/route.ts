import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { reportsApi } from "@/lib/reports";

type Params = { params: Promise<{ id: string }> };

/** A file's status and progress. */
export const GET = handler(async (request: Request, { params }: Params) => reportsApi.file(await requireApiMember(), request, (await params).id));
