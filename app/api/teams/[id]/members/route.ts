import { NextResponse } from "next/server";
import { addTeamMember, pathUuid } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

type Params = { params: Promise<{ id: string }> };

export const POST = handler(async (request: Request, { params }: Params) => {
  const ctx = await requireApiMember("member");
  await addTeamMember({ ctx, teamId: await pathUuid(params, "id", "team"), input: await readJson(request) });
  return new NextResponse(null, { status: 204 });
});
