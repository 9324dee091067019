import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { transferOwnership } from "@/lib/team";

/** Transfer ownership to another member: { userId }. The caller becomes an admin. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  await transferOwnership({ ctx, input: await readJson(request) });
  return new NextResponse(null, { status: 204 });
});
