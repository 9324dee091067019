import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { billingConfig, startCheckout } from "@/lib/billing";
import { config } from "@/lib/config";
import { handler } from "@/lib/http";
import { tenantOrigin } from "@/lib/tenants";

/** Upgrade to Pro: answers the Stripe Checkout URL to send the browser to. No body. */
export const POST = handler(async () => {
  const ctx = await requireApiMember("owner");
  const { appDomain, protocol } = config();
  const { url } = await startCheckout({ ctx, billing: billingConfig(), origin: tenantOrigin(ctx.tenant.slug, appDomain, protocol) });
  return NextResponse.json({ url });
});
