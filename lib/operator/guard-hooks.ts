import { cookies } from "next/headers";
import type { TenantContext } from "@/lib/auth/guard";
import type { Db } from "@/lib/db";
import type { Tenant } from "@/lib/tenants";
import { findImpersonation, IMPERSONATION_COOKIE, impersonationContext } from "./impersonation";

/** For lib/auth/guard: the support impersonation this request's cookie names on this tenant's host. */
export async function impersonatedContext(db: Db, tenant: Tenant): Promise<TenantContext | null> {
  const token = (await cookies()).get(IMPERSONATION_COOKIE)?.value;
  if (!token) return null;
  const session = await findImpersonation(db, tenant.id, token);
  return session ? impersonationContext(db, tenant, session) : null;
}
