import { NextResponse } from "next/server";
import { deleteTeam, pathUuid } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

type Params = { params: Promise<{ id: string }> };

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("member");
  await deleteTeam({ ctx, id: await pathUuid(params, "id", "team") });
  return new NextResponse(null, { status: 204 });
});
