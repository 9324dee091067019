import { NextResponse } from "next/server";
import { createTeam, getDirectory } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

/** Members, teams (with their members) and cost centers: everyone who can own cost. */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json(await getDirectory(ctx));
});

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json({ team: await createTeam({ ctx, input: await readJson(request) }) }, { status: 201 });
});
