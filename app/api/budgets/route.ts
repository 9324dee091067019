import { NextResponse } from "next/server";
import { currentMonth } from "@/lib/allocation";
import { requireApiMember } from "@/lib/auth/guard";
import { budgetsFor, saveBudget } from "@/lib/budgets";
import { handler, readJson } from "@/lib/http";

/** Budgets with actual and forecast spend for `?month=YYYY-MM` (default this month), those you may see. */
export const GET = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const month = new URL(request.url).searchParams.get("month") ?? currentMonth(new Date());
  return NextResponse.json({ month, budgets: await budgetsFor({ ctx, month }) });
});

/** Create or replace a scope's monthly budget: `{ scope: { kind, id? }, monthlyLimit, thresholds?, alertOnActual?, alertOnForecast?, channelIds? }`. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json({ budget: await saveBudget({ ctx, input: await readJson(request) }) });
});
