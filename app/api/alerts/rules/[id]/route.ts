import { NextResponse } from "next/server";
import { deleteRule, getRule, linkOrigin, listAlerts, pathId, updateRule } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

type Params = { params: Promise<{ id: string }> };

export const GET = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember();
  const id = await pathId(params, "alert rule");
  const [rule, alerts] = await Promise.all([getRule(ctx, id), listAlerts(ctx, { ruleId: id })]);
  return NextResponse.json({ rule, alerts });
});

export const PATCH = handler(async (request: Request, { params }: Params) => {
  const ctx = await requireApiMember("member");
  const rule = await updateRule({ ctx, id: await pathId(params, "alert rule"), input: await readJson(request), origin: linkOrigin() });
  return NextResponse.json({ rule });
});

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("member");
  await deleteRule({ ctx, id: await pathId(params, "alert rule"), origin: linkOrigin() });
  return new NextResponse(null, { status: 204 });
});
