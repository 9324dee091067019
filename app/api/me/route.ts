import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({
    user: { id: ctx.actor.userId, email: ctx.actor.email, name: ctx.actor.name, role: ctx.actor.role },
    tenant: { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, plan: ctx.tenant.plan },
  });
});
