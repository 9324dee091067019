import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { consumeRateLimit } from "@/lib/auth";
import { clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler, NotFoundError, readJson } from "@/lib/http";
import { secretBox } from "@/lib/security";
import { acceptInvitation } from "@/lib/team";
import { getTenantBySlug, parseHost } from "@/lib/tenants";

/**
 * Accepts an invitation on the workspace's own subdomain (no session yet). Answers a one-time
 * token that the page trades for a session through next-auth's hand-off provider.
 */
export const POST = handler(async (request: Request) => {
  const h = await headers();
  const cfg = config();
  const target = parseHost(h.get("x-forwarded-host") ?? h.get("host"), cfg.appDomain);
  const db = getDb();
  const tenant = target.kind === "tenant" ? await getTenantBySlug(db, target.slug) : null;
  if (!tenant || tenant.status !== "active") throw new NotFoundError();
  const ip = clientIp((name) => h.get(name));
  // Existing accounts prove themselves with a password here: counted like sign-ins.
  await consumeRateLimit(db, [{ key: `login:ip:${ip ?? "unknown"}`, max: cfg.rateLimits.loginPerIp }], cfg.rateLimits.windowSeconds, "Too many attempts. Please wait a few minutes and try again.");
  const result = await acceptInvitation({ db, tenant, input: await readJson(request), box: secretBox(), ip });
  return NextResponse.json({ handoffToken: result.handoffToken });
});
