import { NextResponse } from "next/server";
import { createRule, listRules } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ rules: await listRules(ctx) });
});

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  const rule = await createRule({ ctx, input: await readJson(request) });
  return NextResponse.json({ rule }, { status: 201 });
});
