import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { dismissFinding, restoreFinding } from "@/lib/insights";

/** `{ key, reason }` */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  await dismissFinding({ ctx, input: await readJson(request) });
  return new NextResponse(null, { status: 204 });
});

/** `?key=…`: show the finding again. */
export const DELETE = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  await restoreFinding({ ctx, key: new URL(request.url).searchParams.get("key") ?? "" });
  return new NextResponse(null, { status: 204 });
});
