import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { config } from "@/lib/config";
import { getDb, type Db } from "@/lib/db";
import { NotFoundError, UnauthorizedError, ForbiddenError } from "@/lib/http/errors";
import { getMembershipRole, getTenantBySlug, parseHost, type Role, type Tenant } from "@/lib/tenants";
import { authOptions } from "./next-auth";

export type Actor = { userId: string; email: string; name: string; role: Role };
/** Built once per request by a guard and passed down to verbs. */
export type TenantContext = { tenant: Tenant; actor: Actor; db: Db };

const ROLE_RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[needed];
}

type Resolution =
  | { kind: "ok"; ctx: TenantContext }
  | { kind: "no-tenant" }
  | { kind: "signed-out"; tenant: Tenant }
  | { kind: "not-member" };

async function resolve(slug: string): Promise<Resolution> {
  const db = getDb();
  const tenant = await getTenantBySlug(db, slug);
  if (!tenant || tenant.status !== "active") return { kind: "no-tenant" };
  const session = await getServerSession(authOptions());
  if (!session?.user?.id) return { kind: "signed-out", tenant };
  // A session is bound to the tenant it was issued on; a cookie replayed on another tenant's
  // host is treated like a stranger, and so is a user whose membership was removed.
  if (session.user.tenantId !== tenant.id) return { kind: "not-member" };
  const role = await getMembershipRole(db, tenant.id, session.user.id);
  if (!role) return { kind: "not-member" };
  return { kind: "ok", ctx: { tenant, db, actor: { userId: session.user.id, email: session.user.email, name: session.user.name, role } } };
}

/** For tenant pages: signed-out visitors go to the workspace's log-in; strangers get a 404. */
export async function requireMember(slug: string, needed: Role = "viewer"): Promise<TenantContext> {
  const result = await resolve(slug);
  if (result.kind === "no-tenant" || result.kind === "not-member") notFound();
  if (result.kind === "signed-out") redirect("/login");
  if (!roleAtLeast(result.ctx.actor.role, needed)) notFound();
  return result.ctx;
}

/** For tenant JSON APIs: the tenant comes from the Host header. */
export async function requireApiMember(needed: Role = "viewer"): Promise<TenantContext> {
  const h = await headers();
  const target = parseHost(h.get("x-forwarded-host") ?? h.get("host"), config().appDomain);
  if (target.kind !== "tenant") throw new NotFoundError();
  const result = await resolve(target.slug);
  if (result.kind === "no-tenant" || result.kind === "not-member") throw new NotFoundError();
  if (result.kind === "signed-out") throw new UnauthorizedError();
  if (!roleAtLeast(result.ctx.actor.role, needed)) throw new ForbiddenError();
  return result.ctx;
}

/** The tenant named by the Host header, if any, without requiring a session (log-in pages). */
export async function tenantFromSlug(slug: string): Promise<Tenant> {
  const tenant = await getTenantBySlug(getDb(), slug);
  if (!tenant || tenant.status !== "active") notFound();
  return tenant;
}
