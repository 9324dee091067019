import { NextResponse } from "next/server";
import { clientIp } from "@/lib/auth/next-auth";
import { getDb } from "@/lib/db";
import { handler, readJson } from "@/lib/http";
import { resetPassword } from "@/lib/security";

/** { token, password }: sets the password and signs out every session of the account. */
export const POST = handler(async (request: Request) => {
  const { email } = await resetPassword({ db: getDb(), input: await readJson(request), ip: clientIp((name) => request.headers.get(name)) });
  return NextResponse.json({ email });
});
