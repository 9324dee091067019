import { NextResponse } from "next/server";
import { pathUuid } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { deleteBudget } from "@/lib/budgets";
import { handler } from "@/lib/http";

type Params = { params: Promise<{ id: string }> };

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("member");
  await deleteBudget({ ctx, id: await pathUuid(params, "id", "budget") });
  return new NextResponse(null, { status: 204 });
});
