import { NextResponse } from "next/server";
import { listOwnedResources } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

/** The inventory now, each resource with its owner and why (direct assignment or tag rule). */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  const { resources } = await listOwnedResources({ ctx });
  return NextResponse.json({ resources });
});
