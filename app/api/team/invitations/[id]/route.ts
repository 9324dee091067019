import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { revokeInvitation } from "@/lib/team";

type Params = { params: Promise<{ id: string }> };

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember();
  await revokeInvitation({ ctx, id: (await params).id });
  return new NextResponse(null, { status: 204 });
});
