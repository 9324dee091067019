import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, parseInput, readJson } from "@/lib/http";
import { markNotificationsRead, MarkReadInput } from "@/lib/notify";

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const marked = await markNotificationsRead(ctx, parseInput(MarkReadInput, await readJson(request)));
  return NextResponse.json({ marked });
});
