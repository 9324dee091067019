import { NextResponse } from "next/server";
import { z } from "zod";
import { listTransitions } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, parseInput } from "@/lib/http";

const Query = z.object({ ruleId: z.uuid({ error: "Not a rule id." }).optional(), limit: z.coerce.number().int().min(1).max(500).optional() });

export const GET = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const query = parseInput(Query, Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ transitions: await listTransitions(ctx, query) });
});
