import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { awsConfig } from "@/lib/config/aws";
import { handler } from "@/lib/http";
import { backfillCpuForTenant } from "@/lib/insights";

/** Fetch 14 days of CPU for idle candidates now (the worker also does it daily). */
export const POST = handler(async () => {
  const ctx = await requireApiMember("admin");
  return NextResponse.json(await backfillCpuForTenant({ ctx, aws: awsConfig() }));
});
