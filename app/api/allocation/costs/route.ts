import { NextResponse } from "next/server";
import { costByOwner, currentMonth } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

/** Spend per person, team and cost center for `?month=YYYY-MM` (default this month), unassigned included. */
export const GET = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const month = new URL(request.url).searchParams.get("month") ?? currentMonth(new Date());
  return NextResponse.json(await costByOwner({ ctx, month }));
});
