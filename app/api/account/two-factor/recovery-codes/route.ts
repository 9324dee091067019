import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { regenerateRecoveryCodes, secretBox } from "@/lib/security";

/** { code }: replaces the recovery codes; the new ones are answered once. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  return NextResponse.json(await regenerateRecoveryCodes({ ctx, box: secretBox(), input: await readJson(request) }));
});
