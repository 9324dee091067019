import { NextResponse } from "next/server";
import { createMute, listMutes } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ mutes: await listMutes(ctx) });
});

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json({ mute: await createMute({ ctx, input: await readJson(request) }) }, { status: 201 });
});
