import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { config } from "@/lib/config";
import { getDb, type Db } from "@/lib/db";
import { NotFoundError, UnauthorizedError, ForbiddenError } from "@/lib/http/errors";
import { TenantSuspendedError } from "@/lib/operator/errors";
import { impersonatedContext } from "@/lib/operator/guard-hooks";
import { hasTwoFactor } from "@/lib/security/second-factor";
import { checkSession, type SessionPolicy } from "@/lib/security/sessions";
import { findSlugRedirect } from "@/lib/team/slug-redirects";
import { getTenantBySlug, parseHost, tenantOrigin, type Role, type Tenant } from "@/lib/tenants";
import { authOptions, clientIp } from "./next-auth";

export type Actor = { userId: string; email: string; name: string; role: Role };
/** The request's server-side session (set by the guards; verbs that end sessions or audit an IP read it). */
export type RequestSession = { id: string; ip: string | null; userAgent: string | null };
/** Built once per request by a guard and passed down to verbs. */
export type TenantContext = { tenant: Tenant; actor: Actor; db: Db; session?: RequestSession };

const ROLE_RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

export function sessionPolicy(): SessionPolicy {
  const cfg = config();
  return { maxAgeSeconds: cfg.sessionMaxAgeSeconds, idleTimeoutSeconds: cfg.sessionIdleTimeoutSeconds };
}

type Resolution =
  | { kind: "ok"; ctx: TenantContext }
  | { kind: "no-tenant" }
  | { kind: "suspended" }
  | { kind: "moved"; slug: string }
  | { kind: "signed-out"; tenant: Tenant }
  | { kind: "not-member" }
  | { kind: "needs-2fa"; ctx: TenantContext };

/**
 * Who is asking, for one request. Memoised per server render (React `cache`): the layout and the
 * page both guard, and a second resolution would repeat the tenant, session and membership queries
 * and the session touch.
 */
const resolve = cache(async (slug: string): Promise<Resolution> => {
  const db = getDb();
  const tenant = await getTenantBySlug(db, slug);
  if (tenant?.status === "suspended") return { kind: "suspended" };
  if (!tenant || tenant.status !== "active") {
    const moved = tenant ? null : await findSlugRedirect(db, slug);
    return moved ? { kind: "moved", slug: moved } : { kind: "no-tenant" };
  }
  // Monitr support impersonating (time-limited, audited; lib/operator/impersonation.ts).
  const impersonated = await impersonatedContext(db, tenant);
  if (impersonated) return { kind: "ok", ctx: impersonated };
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return { kind: "signed-out", tenant };
  // A session is bound to the tenant it was issued on; a cookie replayed on another tenant's
  // host is treated like a stranger, and so is a user whose membership was removed.
  if (session.user.tenantId !== tenant.id) return { kind: "not-member" };
  // The JWT only names the server-side session; the row decides (revoked, expired, idle).
  if (!session.user.sid) return { kind: "signed-out", tenant };
  const check = await checkSession(db, { tenantId: tenant.id, userId: session.user.id, sessionId: session.user.sid, policy: sessionPolicy() });
  if (check.status === "ended") return { kind: "signed-out", tenant };
  if (check.status === "not-member") return { kind: "not-member" };
  const h = await headers();
  const ctx: TenantContext = {
    tenant,
    db,
    actor: { userId: session.user.id, email: session.user.email, name: session.user.name, role: check.role },
    session: { id: session.user.sid, ip: clientIp((name) => h.get(name)), userAgent: h.get("user-agent") },
  };
  if (tenant.requireTwoFactor && !(await hasTwoFactor(db, session.user.id))) return { kind: "needs-2fa", ctx };
  return { kind: "ok", ctx };
});

type GuardOptions = {
  /** Pages and APIs that set up two-factor must stay reachable when the workspace requires it. */
  allowWithoutTwoFactor?: boolean;
};

function movedUrl(slug: string): string {
  const { appDomain, protocol } = config();
  return tenantOrigin(slug, appDomain, protocol);
}

/** For tenant pages: signed-out visitors go to the workspace's log-in; strangers get a 404. */
export async function requireMember(slug: string, needed: Role = "viewer", options: GuardOptions = {}): Promise<TenantContext> {
  const result = await resolve(slug);
  if (result.kind === "moved") redirect(movedUrl(result.slug));
  if (result.kind === "suspended") redirect("/suspended");
  if (result.kind === "no-tenant" || result.kind === "not-member") notFound();
  if (result.kind === "signed-out") redirect("/login");
  if (result.kind === "needs-2fa" && !options.allowWithoutTwoFactor) redirect("/login/two-factor-setup");
  if (!roleAtLeast(result.ctx.actor.role, needed)) notFound();
  return result.ctx;
}

/** For tenant JSON APIs: the tenant comes from the Host header. */
export async function requireApiMember(needed: Role = "viewer", options: GuardOptions = {}): Promise<TenantContext> {
  const h = await headers();
  const target = parseHost(h.get("x-forwarded-host") ?? h.get("host"), config().appDomain);
  if (target.kind !== "tenant") throw new NotFoundError();
  const result = await resolve(target.slug);
  if (result.kind === "suspended") throw new TenantSuspendedError();
  if (result.kind === "no-tenant" || result.kind === "not-member" || result.kind === "moved") throw new NotFoundError();
  if (result.kind === "signed-out") throw new UnauthorizedError();
  if (result.kind === "needs-2fa" && !options.allowWithoutTwoFactor) {
    throw new ForbiddenError("This workspace requires two-factor sign-in. Set it up under Settings → Security.");
  }
  if (!roleAtLeast(result.ctx.actor.role, needed)) throw new ForbiddenError();
  return result.ctx;
}

/** The tenant named by the Host header, if any, without requiring a session (log-in pages). */
export async function tenantFromSlug(slug: string): Promise<Tenant> {
  const db = getDb();
  const tenant = await getTenantBySlug(db, slug);
  if (!tenant) {
    const moved = await findSlugRedirect(db, slug);
    if (moved) redirect(movedUrl(moved));
  }
  if (tenant?.status === "suspended") redirect("/suspended");
  if (!tenant || tenant.status !== "active") notFound();
  return tenant;
}
