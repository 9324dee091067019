import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { listNotifications } from "@/lib/notify";

/** The bell: the signed-in user's notifications, newest first, and the unread count. */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json(await listNotifications(ctx));
});
