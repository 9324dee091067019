import { NextResponse } from "next/server";
import { deleteRule, pathUuid } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

type Params = { params: Promise<{ id: string }> };

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("member");
  await deleteRule({ ctx, id: await pathUuid(params, "id", "rule") });
  return new NextResponse(null, { status: 204 });
});
