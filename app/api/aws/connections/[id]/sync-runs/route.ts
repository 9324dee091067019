import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { listSyncRuns, SYNC_KINDS } from "@/lib/aws";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, NotFoundError, parseInput } from "@/lib/http";

const Query = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  kind: z.enum(SYNC_KINDS, { error: `Use one of: ${SYNC_KINDS.join(", ")}.` }).optional(),
});

export const GET = handler(async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await requireApiMember();
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) throw new NotFoundError("No such AWS connection.");
  const { limit, kind } = parseInput(Query, Object.fromEntries(request.nextUrl.searchParams));
  return NextResponse.json({ runs: await listSyncRuns({ ctx, connectionId: id.data, limit, ...(kind ? { kind } : {}) }) });
});
