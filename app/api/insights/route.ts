import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { getCostInsights } from "@/lib/insights";

/** Forecast (month end, next 30 days), anomalies, week/month comparisons, EKS cost by namespace. */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json(await getCostInsights({ ctx }));
});
