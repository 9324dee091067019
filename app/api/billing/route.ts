import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { billingConfig, getBillingOverview } from "@/lib/billing";
import { handler } from "@/lib/http";

/** The plan in force, usage against each limit, the subscription and (admins, owners) invoices. */
export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json(await getBillingOverview({ ctx, billing: billingConfig() }));
});
