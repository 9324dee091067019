import { cookies } from "next/headers";
import { getDb } from "@/lib/db";
import { findImpersonation, IMPERSONATION_COOKIE } from "@/lib/operator";
import type { Tenant } from "@/lib/tenants";

/** Shown on every workspace page while Monitr support is impersonating. */
export async function ImpersonationBanner({ tenant }: { tenant: Tenant }) {
  const token = (await cookies()).get(IMPERSONATION_COOKIE)?.value;
  const session = token ? await findImpersonation(getDb(), tenant.id, token) : null;
  if (!session) return null;
  const until = session.expiresAt.toISOString().slice(11, 16);
  return (
    <div role="alert" data-testid="impersonation-banner" className="sticky top-0 z-50 flex flex-wrap items-center justify-between gap-3 bg-amber-500 px-6 py-2 text-sm font-medium text-amber-950">
      <span>
        Support session: {session.operatorEmail} is viewing “{tenant.name}” {session.elevated ? "with admin rights (elevated)" : "read-only"} until {until} UTC.
      </span>
      <form action="/api/operator/impersonate/end" method="post">
        <button type="submit" className="rounded bg-amber-950 px-3 py-1 text-xs font-semibold text-amber-50 hover:bg-amber-900">
          End support session
        </button>
      </form>
    </div>
  );
}
