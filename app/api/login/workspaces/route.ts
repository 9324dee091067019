import { NextResponse } from "next/server";
import { consumeRateLimit, createHandoff, findWorkspacesForLogin, LoginInput } from "@/lib/auth";
import { clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { secretBox } from "@/lib/security/secret-box";
import { handler, parseInput, readJson, UnauthorizedError } from "@/lib/http";
import { tenantOrigin } from "@/lib/tenants";

/**
 * Log-in from the root domain: the password is verified here, then each of the person's
 * workspaces gets a one-time link that signs them in on that workspace's own subdomain.
 */
export const POST = handler(async (request: Request) => {
  const input = parseInput(LoginInput, await readJson(request));
  const cfg = config();
  const db = getDb();
  const ip = clientIp((name) => request.headers.get(name)) ?? "unknown";
  await consumeRateLimit(
    db,
    [
      { key: `login:ip:${ip}`, max: cfg.rateLimits.loginPerIp },
      { key: `login:email:${input.email}`, max: cfg.rateLimits.loginPerEmail },
    ],
    cfg.rateLimits.windowSeconds,
    "Too many sign-in attempts. Please wait a few minutes and try again.",
  );
  // With two-factor sign-in the code is checked here, before any hand-off link is issued.
  const found = await findWorkspacesForLogin(db, input.email, input.password, { code: input.code, box: secretBox() });
  if (!found) throw new UnauthorizedError("Wrong email or password.");
  const workspaces = await Promise.all(
    found.workspaces.map(async (w) => ({
      slug: w.slug,
      name: w.name,
      role: w.role,
      url: `${tenantOrigin(w.slug, cfg.appDomain, cfg.protocol)}/welcome?token=${encodeURIComponent(await createHandoff(db, w.id, found.user.id))}`,
    })),
  );
  return NextResponse.json({ workspaces });
});
