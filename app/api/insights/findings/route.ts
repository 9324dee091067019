import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { getFindings } from "@/lib/insights";

/** Idle and wasted resources with evidence and monthly saving; dismissed ones carry their reason. */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json(await getFindings({ ctx }));
});
