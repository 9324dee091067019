import { NextResponse } from "next/server";
import { deleteMute, pathId } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

export const DELETE = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await requireApiMember("member");
  await deleteMute({ ctx, id: await pathId(params, "mute window") });
  return new NextResponse(null, { status: 204 });
});
