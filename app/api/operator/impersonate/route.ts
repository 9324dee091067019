import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler, NotFoundError } from "@/lib/http";
import { IMPERSONATION_COOKIE, redeemImpersonation } from "@/lib/operator";
import { hostCookie } from "@/lib/operator/host-cookies";
import { getTenantBySlug, parseHost } from "@/lib/tenants";

export const dynamic = "force-dynamic";

/** The one-time link from the operator console, opened on the workspace's own host. */
export const GET = handler(async (request: Request) => {
  const { appDomain, protocol } = config();
  const target = parseHost(request.headers.get("x-forwarded-host") ?? request.headers.get("host"), appDomain);
  const token = new URL(request.url).searchParams.get("token");
  if (target.kind !== "tenant" || !token) throw new NotFoundError();
  const db = getDb();
  const tenant = await getTenantBySlug(db, target.slug);
  if (!tenant) throw new NotFoundError();
  const redeemed = await redeemImpersonation({ db, tenantId: tenant.id, linkToken: token });
  if (!redeemed) throw new NotFoundError("This support link was already used or has expired. Start a new session from the operator console.");
  const response = NextResponse.redirect(new URL("/", `${protocol}://${target.slug}.${appDomain}`), 303);
  response.cookies.set(IMPERSONATION_COOKIE, redeemed.cookieToken, hostCookie(protocol, (redeemed.expiresAt.getTime() - Date.now()) / 1000));
  return response;
});
