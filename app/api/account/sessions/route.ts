import { NextResponse } from "next/server";
import { requireApiMember, sessionPolicy } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { listMySessions, revokeMyOtherSessions } from "@/lib/security";

/** The signed-in person's active sessions in every workspace. */
export const GET = handler(async () => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  return NextResponse.json({ sessions: await listMySessions(ctx.db, { userId: ctx.actor.userId, currentSessionId: ctx.session?.id, policy: sessionPolicy() }) });
});

/** Sign out everywhere else. */
export const DELETE = handler(async () => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  const ended = await revokeMyOtherSessions(ctx.db, { userId: ctx.actor.userId, tenantId: ctx.tenant.id, sessionId: ctx.session?.id, ip: ctx.session?.ip });
  return NextResponse.json({ ended });
});
