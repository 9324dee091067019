import type { NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { getTenantBySlug, parseHost } from "@/lib/tenants";
import { authenticateForTenant } from "./authenticate";
import { redeemHandoff } from "./handoff";
import { LoginInput } from "./schemas";

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
    user: { id: string; email: string; name: string; tenantId: string };
  }
  interface User {
    tenantId: string;
  }
}
declare module "next-auth/jwt" {
  interface JWT {
    tid?: string;
  }
}

export function authOptions(): NextAuthOptions {
  const cfg = config();
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
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = LoginInput.safeParse(credentials);
          const tenant = await tenantOfRequest(req.headers);
          if (!parsed.success || !tenant) return null;
          const user = await authenticateForTenant(getDb(), {
            tenantId: tenant.id,
            email: parsed.data.email,
            password: parsed.data.password,
            ip: clientIp((name) => header(req.headers, name)),
          });
          return user ? { ...user, tenantId: tenant.id } : null;
        },
      }),
      Credentials({
        id: "handoff",
        name: "One-time sign-in link",
        credentials: { token: { type: "text" } },
        async authorize(credentials, req) {
          const tenant = await tenantOfRequest(req.headers);
          if (!tenant || typeof credentials?.token !== "string") return null;
          const user = await redeemHandoff(getDb(), tenant.id, credentials.token);
          return user ? { ...user, tenantId: tenant.id } : null;
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.tid = user.tenantId;
        return token;
      },
      async session({ session, token }) {
        session.user = { id: token.sub ?? "", email: token.email ?? "", name: token.name ?? "", tenantId: token.tid ?? "" };
        return session;
      },
    },
  };
}
