import { sql } from "drizzle-orm";
import { withTenant, type Db } from "@/lib/db";
import type { Role } from "@/lib/tenants";
import { hashApiKey, looksLikeApiKey } from "./key-format";
import type { ApiKeyScope } from "./schemas";

export type AuthenticatedKey = {
  id: string;
  name: string;
  prefix: string;
  scope: ApiKeyScope;
  creator: { userId: string; email: string; name: string; role: Role };
};

// last_used_at is advanced at most once a minute per key, so a busy key does not turn every
// read into a row update.
const TOUCH_INTERVAL = "1 minute";

/**
 * The live key of this tenant with this value, or null. A key works only while it is not revoked
 * and its creator is still a member of the tenant: a departing admin's keys stop with them.
 */
export async function authenticateApiKey({ db, tenantId, key }: { db: Db; tenantId: string; key: string }): Promise<AuthenticatedKey | null> {
  if (!looksLikeApiKey(key)) return null;
  const hash = hashApiKey(key);
  return withTenant(
    tenantId,
    async (tx) => {
      // One statement: the lookup and the throttled last-used touch (a data-modifying CTE runs
      // whether or not the outer query reads it). Every statement is a round trip and a write
      // syscall on both sides, and an API request makes about a dozen of them.
      const found = await tx.execute<{ id: string; name: string; prefix: string; scope: ApiKeyScope; user_id: string; email: string; user_name: string; role: Role }>(sql`
        with live as (
          select k.id, k.name, k.prefix, k.scope, u.id as user_id, u.email, u.name as user_name, m.role
            from api_keys k
            join memberships m on m.tenant_id = k.tenant_id and m.user_id = k.created_by
            join users u on u.id = m.user_id
           where k.tenant_id = ${tenantId} and k.key_hash = ${hash} and k.revoked_at is null
        ), touched as (
          update api_keys set last_used_at = now()
           where tenant_id = ${tenantId} and id = (select id from live)
             and (last_used_at is null or last_used_at < now() - ${TOUCH_INTERVAL}::interval)
        )
        select * from live`);
      const row = found.rows[0];
      if (!row) return null;
      return { id: row.id, name: row.name, prefix: row.prefix, scope: row.scope, creator: { userId: row.user_id, email: row.email, name: row.user_name, role: row.role } };
    },
    { db },
  );
}
