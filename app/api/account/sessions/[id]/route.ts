import { NextResponse } from "next/server";
import { z } from "zod";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, NotFoundError } from "@/lib/http";
import { revokeMySession } from "@/lib/security";

type Params = { params: Promise<{ id: string }> };

/** Sign out one session (this one included). */
export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  const id = z.uuid().safeParse((await params).id);
  if (!id.success) throw new NotFoundError("This session has already ended.");
  await revokeMySession(ctx.db, { userId: ctx.actor.userId, tenantId: ctx.tenant.id, sessionId: ctx.session?.id, ip: ctx.session?.ip }, id.data);
  return new NextResponse(null, { status: 204 });
});
