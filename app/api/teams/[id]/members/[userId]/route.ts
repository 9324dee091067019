import { NextResponse } from "next/server";
import { pathUuid, removeTeamMember } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

type Params = { params: Promise<{ id: string; userId: string }> };

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("member");
  await removeTeamMember({ ctx, teamId: await pathUuid(params, "id", "team"), userId: await pathUuid(params, "userId", "team member") });
  return new NextResponse(null, { status: 204 });
});
