import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { setRequireTwoFactor } from "@/lib/team";

/** { required: boolean }: owners require two-factor sign-in for every member. */
export const PUT = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const tenant = await setRequireTwoFactor({ ctx, input: await readJson(request) });
  return NextResponse.json({ requireTwoFactor: tenant.requireTwoFactor });
});
