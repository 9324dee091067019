import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { billingConfig, openBillingPortal } from "@/lib/billing";
import { config } from "@/lib/config";
import { handler } from "@/lib/http";
import { tenantOrigin } from "@/lib/tenants";

/** Manage billing: answers a Stripe Billing Portal URL (card, cancellation, invoices). No body. */
export const POST = handler(async () => {
  const ctx = await requireApiMember("owner");
  const { appDomain, protocol } = config();
  const { url } = await openBillingPortal({ ctx, billing: billingConfig(), origin: tenantOrigin(ctx.tenant.slug, appDomain, protocol) });
  return NextResponse.json({ url });
});
