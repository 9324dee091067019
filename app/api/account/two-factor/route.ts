import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { disableTwoFactor, secretBox, startTwoFactorEnrolment, twoFactorStatus } from "@/lib/security";

export const GET = handler(async () => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  return NextResponse.json(await twoFactorStatus(ctx));
});

/** Starts enrolment: a new secret as a QR code (and as text for manual entry). */
export const POST = handler(async () => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  return NextResponse.json(await startTwoFactorEnrolment({ ctx, box: secretBox() }));
});

/** Turns two-factor off: { password, code }. */
export const DELETE = handler(async (request: Request) => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  await disableTwoFactor({ ctx, box: secretBox(), input: await readJson(request) });
  return new NextResponse(null, { status: 204 });
});
