import { NextResponse } from "next/server";
import { consumeRateLimit, signUp, SignupInput } from "@/lib/auth";
import { clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler, NotFoundError, parseInput, readJson } from "@/lib/http";
import { parseHost, tenantOrigin } from "@/lib/tenants";

export const POST = handler(async (request: Request) => {
  const cfg = config();
  if (parseHost(request.headers.get("host"), cfg.appDomain).kind !== "root") throw new NotFoundError();
  const input = parseInput(SignupInput, await readJson(request));
  const db = getDb();
  const ip = clientIp((name) => request.headers.get(name));
  await consumeRateLimit(
    db,
    [
      { key: `signup:ip:${ip ?? "unknown"}`, max: cfg.rateLimits.signupPerIp },
      { key: `signup:email:${input.email}`, max: cfg.rateLimits.loginPerEmail },
    ],
    cfg.rateLimits.windowSeconds,
    "Too many sign-up attempts. Please wait a few minutes and try again.",
  );
  const result = await signUp({ db, input, ip });
  const redirectUrl = `${tenantOrigin(result.slug, cfg.appDomain, cfg.protocol)}/welcome?token=${encodeURIComponent(result.handoffToken)}`;
  return NextResponse.json({ slug: result.slug, redirectUrl }, { status: 201 });
});
