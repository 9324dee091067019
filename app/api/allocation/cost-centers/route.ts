import { NextResponse } from "next/server";
import { createCostCenter } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json({ costCenter: await createCostCenter({ ctx, input: await readJson(request) }) }, { status: 201 });
});
