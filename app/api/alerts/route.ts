import { NextResponse } from "next/server";
import { countFiringAlerts, listAlerts } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";

/** Alerts that are not OK, firing first, with since-when. */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  const [alerts, firing] = await Promise.all([listAlerts(ctx), countFiringAlerts(ctx)]);
  return NextResponse.json({ alerts, firing });
});
