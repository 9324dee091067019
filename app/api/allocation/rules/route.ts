import { NextResponse } from "next/server";
import { createRule, listRules } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ rules: await listRules(ctx) });
});

/** `{ tagKey, tagValue, owner: { kind, id }, priority? }` */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json({ rule: await createRule({ ctx, input: await readJson(request) }) }, { status: 201 });
});
