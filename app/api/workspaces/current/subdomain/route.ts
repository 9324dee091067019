import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { config } from "@/lib/config";
import { handler, readJson } from "@/lib/http";
import { changeSubdomain } from "@/lib/team";
import { tenantOrigin } from "@/lib/tenants";

/** { slug }: moves the workspace; answers a link that signs the person in on the new subdomain. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const { tenant, handoffToken } = await changeSubdomain({ ctx, input: await readJson(request) });
  const { appDomain, protocol } = config();
  return NextResponse.json({ slug: tenant.slug, url: `${tenantOrigin(tenant.slug, appDomain, protocol)}/welcome?token=${encodeURIComponent(handoffToken)}` });
});
