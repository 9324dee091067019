import NextAuth from "next-auth";
import { consumeRateLimit } from "@/lib/auth";
import { authOptions, clientIp } from "@/lib/auth/next-auth";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { RateLimitError } from "@/lib/http";

type RouteContext = { params: Promise<{ nextauth: string[] }> };

const nextAuth = (request: Request, context: RouteContext) => NextAuth(authOptions())(request, context);

export const GET = nextAuth;

/** Password sign-ins are counted per IP and per email before next-auth sees them. */
export async function POST(request: Request, context: RouteContext) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/password") {
    const form = await request.clone().formData().catch(() => null);
    const email = String(form?.get("email") ?? "").trim().toLowerCase();
    const ip = clientIp((name) => request.headers.get(name)) ?? "unknown";
    const cfg = config();
    try {
      await consumeRateLimit(
        getDb(),
        [
          { key: `login:ip:${ip}`, max: cfg.rateLimits.loginPerIp },
          { key: `login:email:${email}`, max: cfg.rateLimits.loginPerEmail },
        ],
        cfg.rateLimits.windowSeconds,
        "Too many sign-in attempts. Please wait a few minutes and try again.",
      );
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error;
      // next-auth's signIn() reads `url` from the body and the error from its query string.
      const url = new URL("/login?error=RateLimited", request.url).toString();
      return Response.json(
        { url, error: { code: error.code, message: error.message } },
        { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
      );
    }
  }
  return nextAuth(request, context);
}
