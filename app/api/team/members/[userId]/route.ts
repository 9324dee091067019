import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, parseInput, readJson } from "@/lib/http";
import { changeMemberRole, MemberRole, removeMember } from "@/lib/team";

type Params = { params: Promise<{ userId: string }> };

/** Change a member's role: { role }. */
export const PATCH = handler(async (request: Request, { params }: Params) => {
  const ctx = await requireApiMember();
  const { role } = parseInput(z.object({ role: MemberRole }), await readJson(request));
  return NextResponse.json({ member: await changeMemberRole({ ctx, input: { userId: (await params).userId, role } }) });
});

/** Remove a member (or leave, when it is yourself). */
export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember();
  await removeMember({ ctx, input: { userId: (await params).userId } });
  return new NextResponse(null, { status: 204 });
});
