import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { listWorkspaces } from "@/lib/tenants";

/** The signed-in person's workspaces, each with their role there. */
export const GET = handler(async () => {
  const ctx = await requireApiMember("viewer", { allowWithoutTwoFactor: true });
  const workspaces = await listWorkspaces(ctx.db, ctx.actor.userId);
  return NextResponse.json({ workspaces: workspaces.map((w) => ({ ...w, current: w.id === ctx.tenant.id })) });
});
