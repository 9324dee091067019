import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { config, type AppConfig } from "@/lib/config";
import { getDb } from "@/lib/db";
import { endSession } from "@/lib/security/sessions";
import { secretBox } from "@/lib/security/secret-box";
import { getTenantBySlug, parseHost } from "@/lib/tenants";
import { authenticateForTenant, TwoFactorChallenge } from "./authenticate";
import { redeemHandoff } from "./handoff";
import { LoginInput } from "./schemas";
import { createSession } from "@/lib/security/sessions";

type HeaderBag = Record<string, string | string[] | undefined> | undefined;

function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

export function clientIp(get: (name: string) => string | null | undefined): string | null {
  return get("x-forwarded-for")?.split(",")[0]?.trim() || get("x-real-ip") || null;
}

/** Sign-in only ever happens on a tenant's own subdomain; the Host names the tenant. */
async function tenantOfRequest(headers: HeaderBag) {
  const target = parseHost(header(headers, "x-forwarded-host") ?? header(headers, "host"), config().appDomain);
  if (target.kind !== "tenant") return null;
  const tenant = await getTenantBySlug(getDb(), target.slug);
  return tenant?.status === "active" ? tenant : null;
}

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name: string; tenantId: string; sid?: string };
  }
  interface User {
    tenantId: string;
    sessionId: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    tid?: string;
    sid?: string;
  }
}

function policyOf(cfg: AppConfig) {
  return { maxAgeSeconds: cfg.sessionMaxAgeSeconds, idleTimeoutSeconds: cfg.sessionIdleTimeoutSeconds };
}

/*
 * The JWT carries only who, which tenant and which server-side session; the `sessions` row is the
 * authority (lib/auth/guard.ts checks it on every request), so a session can be ended server-side.
 * Cookies: next-auth's defaults are HttpOnly + SameSite=Lax; on https they also get Secure and the
 * __Secure- prefix (useSecureCookies).
 */
export function authOptions(cfg: AppConfig = config()): NextAuthOptions {
  const policy = policyOf(cfg);
  return {
    // The origin is each request's own host (NEXTAUTH_URL unset, AUTH_TRUST_HOST=true), and the
    // session cookie is host-only, so a session belongs to exactly one tenant subdomain.
    session: { strategy: "jwt", maxAge: cfg.sessionMaxAgeSeconds },
    useSecureCookies: cfg.protocol === "https",
    pages: { signIn: "/login", error: "/login" },
    providers: [
      Credentials({
        id: "password",
        name: "Email and password",
        credentials: { email: { type: "email" }, password: { type: "password" }, code: { type: "text" } },
        async authorize(credentials, req) {
          const parsed = LoginInput.safeParse(credentials);
          const tenant = await tenantOfRequest(req.headers);
          if (!parsed.success || !tenant) return null;
          const result = await authenticateForTenant(getDb(), {
            tenantId: tenant.id,
            email: parsed.data.email,
            password: parsed.data.password,
            code: parsed.data.code,
            box: secretBox(),
            ip: clientIp((name) => header(req.headers, name)),
            session: { policy, userAgent: header(req.headers, "user-agent") ?? null },
          });
          // next-auth hands a thrown error's message to the client as `error`.
          if (result instanceof TwoFactorChallenge) throw new Error(result.reason);
          return result?.sessionId ? { ...result, sessionId: result.sessionId, tenantId: tenant.id } : null;
        },
      }),
      Credentials({
        id: "handoff",
        name: "One-time sign-in link",
        credentials: { token: { type: "text" } },
        async authorize(credentials, req) {
          const tenant = await tenantOfRequest(req.headers);
          if (!tenant || typeof credentials?.token !== "string") return null;
          const db = getDb();
          const user = await redeemHandoff(db, tenant.id, credentials.token);
          if (!user) return null;
          const sessionId = await createSession(
            db,
            { tenantId: tenant.id, userId: user.id, method: "handoff", ip: clientIp((name) => header(req.headers, name)), userAgent: header(req.headers, "user-agent") },
            policy,
          );
          return { ...user, tenantId: tenant.id, sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.tid = user.tenantId;
          token.sid = user.sessionId;
        }
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.sub ?? "", email: token.email ?? "", name: token.name ?? "", tenantId: token.tid ?? "", sid: token.sid };
        return session;
      },
    },
    events: {
      async signOut({ token }) {
        if (token?.sid && token.tid && token.sub) await endSession(getDb(), { tenantId: token.tid, userId: token.sub, sessionId: token.sid });
      },
    },
  };
}
