import { cookies } from "next/headers";
import { NextResponse } from "next/server";
import { clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler, NotFoundError } from "@/lib/http";
import { endImpersonation, IMPERSONATION_COOKIE } from "@/lib/operator";
import { hostCookie } from "@/lib/operator/host-cookies";
import { getTenantBySlug, parseHost } from "@/lib/tenants";

export const dynamic = "force-dynamic";

/** Ends the support session (the banner's button) and returns to the operator console. */
export const POST = handler(async (request: Request) => {
  const { appDomain, protocol } = config();
  const target = parseHost(request.headers.get("x-forwarded-host") ?? request.headers.get("host"), appDomain);
  if (target.kind !== "tenant") throw new NotFoundError();
  const db = getDb();
  const tenant = await getTenantBySlug(db, target.slug);
  const token = (await cookies()).get(IMPERSONATION_COOKIE)?.value;
  if (tenant && token) await endImpersonation({ db, tenantId: tenant.id, cookieToken: token, ip: clientIp((n) => request.headers.get(n)) });
  const response = NextResponse.redirect(new URL(tenant ? `/tenants/${tenant.id}` : "/", `${protocol}://admin.${appDomain}`), 303);
  response.cookies.set(IMPERSONATION_COOKIE, "", hostCookie(protocol, 0));
  return response;
});
