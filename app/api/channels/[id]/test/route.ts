import { NextResponse } from "next/server";
import { linkOrigin, pathId } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { keyring } from "@/lib/crypto";
import { handler } from "@/lib/http";
import { notifyDeps, sendTestMessage } from "@/lib/notify";

/** "Send test": delivered straight away; a failure is a 502 naming the reason. */
export const POST = handler(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const ctx = await requireApiMember("admin");
  const result = await sendTestMessage({ ctx, keyring: keyring(), deps: notifyDeps(), id: await pathId(params, "channel"), origin: linkOrigin() });
  return NextResponse.json(result);
});
