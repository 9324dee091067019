import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { confirmTwoFactorEnrolment, secretBox } from "@/lib/security";

/** { code } from the authenticator app: two-factor goes on; the recovery codes are answered once. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  return NextResponse.json(await confirmTwoFactorEnrolment({ ctx, box: secretBox(), input: await readJson(request) }));
});
