import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { getPreferences, savePreferences } from "@/lib/budgets";
import { handler, readJson } from "@/lib/http";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ preferences: await getPreferences(ctx) });
});

/** Your own: `{ budgetAlerts, thresholds: number[] | null, digest: "off" | "daily" | "weekly" }`. */
export const PUT = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  return NextResponse.json({ preferences: await savePreferences({ ctx, input: await readJson(request) }) });
});
