import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { listMembers } from "@/lib/team";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ members: await listMembers(ctx) });
});
