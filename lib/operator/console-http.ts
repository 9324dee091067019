import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { parseHost } from "@/lib/tenants";
import { opsConfig } from "./ops-config";
import { OPERATOR_COOKIE, verifyOperatorSession, type Operator } from "./operator-session";

/*
 * The console's forms post to route handlers under /api/operator/… and get 303 redirects back.
 * (A server action's redirect renders its target in the same request, without proxy.ts's
 * admin-host rewrite, so "/" would render the marketing page; a real redirect goes through it.)
 */
export function consoleUrl(pathAndQuery: string): string {
  const { appDomain, protocol } = config();
  return `${protocol}://admin.${appDomain}${pathAndQuery}`;
}

export function seeOther(url: string): NextResponse {
  return NextResponse.redirect(url, 303);
}

export function onAdminHost(request: Request): boolean {
  const target = parseHost(request.headers.get("x-forwarded-host") ?? request.headers.get("host"), config().appDomain);
  return target.kind === "reserved" && target.sub === "admin";
}

/** The operator behind a console form post, or null (then: back to the console's log-in). */
export function operatorOf(request: Request): Operator | null {
  if (!onAdminHost(request)) return null;
  const cfg = opsConfig();
  const cookie = new RegExp(`(?:^|;\\s*)${OPERATOR_COOKIE}=([^;]+)`).exec(request.headers.get("cookie") ?? "")?.[1];
  return cookie === undefined ? null : verifyOperatorSession(decodeURIComponent(cookie), cfg.operatorSecret, cfg.platformAdmins);
}

