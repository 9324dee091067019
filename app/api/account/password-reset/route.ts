import { NextResponse } from "next/server";
import { consumeRateLimit } from "@/lib/auth";
import { clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler, parseInput, readJson } from "@/lib/http";
import { mailer } from "@/lib/mail";
import { requestPasswordReset, ResetRequestInput } from "@/lib/security";
import { rootOrigin } from "@/lib/tenants";

/** "Forgot password?": the same answer whether or not the address has an account. */
export const POST = handler(async (request: Request) => {
  const cfg = config();
  const db = getDb();
  const input = parseInput(ResetRequestInput, await readJson(request));
  const ip = clientIp((name) => request.headers.get(name));
  await consumeRateLimit(
    db,
    [
      { key: `reset:ip:${ip ?? "unknown"}`, max: cfg.rateLimits.loginPerIp },
      { key: `reset:email:${input.email}`, max: 5 },
    ],
    cfg.rateLimits.windowSeconds,
    "Too many reset requests. Please wait a few minutes and try again.",
  );
  const origin = rootOrigin(cfg.appDomain, cfg.protocol);
  await requestPasswordReset({ db, mailer: mailer(), input, ip, resetUrl: (token) => `${origin}/reset-password?token=${encodeURIComponent(token)}` });
  return NextResponse.json({ message: "If an account uses this address, we've sent it a link to reset the password. It works for one hour." }, { status: 202 });
});
