import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { changePassword } from "@/lib/security";

/** { currentPassword, newPassword }: every other session of this person ends. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  return NextResponse.json(await changePassword({ ctx, input: await readJson(request) }));
});
