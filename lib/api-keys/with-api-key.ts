import { consumeRateLimit } from "@/lib/auth/rate-limit";
import type { TenantContext } from "@/lib/auth/guard";
import type { Db } from "@/lib/db";
import { TenantSuspendedError } from "@/lib/operator/errors";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "@/lib/http/errors";
import { setLogTenant } from "@/lib/observability/log-context";
import { getTenantBySlug, parseHost, type Role } from "@/lib/tenants";
import { authenticateApiKey } from "./authenticate-key";
import { bearerToken } from "./key-format";
import type { ApiKeyScope } from "./schemas";

/** The same context the session guards build, plus which key made the request. */
export type ApiContext = TenantContext & {
  apiKey: { id: string; prefix: string; scope: ApiKeyScope };
  /** The public origin, for links verbs put in messages (alert notifications). */
  origin: { appDomain: string; protocol: "http" | "https" };
};

export type ApiKeyGuardDeps = { db: Db; appDomain: string; protocol?: "http" | "https"; rateLimitPerMinute: number };

/*
 * The scope decides which operations a key may call (the router refuses every non-GET operation
 * to a read key before any verb runs); the verbs then apply their usual role rules to the key's
 * creator, as of now, never above admin: owner-only acts (billing, deleting the workspace) are
 * not for keys. So an admin's write key may manage the workspace's budgets, as the admin may in
 * the UI, and a member's only their own.
 */
const KEY_ROLE_CAP: Role = "admin";
const ROLE_RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export { TenantSuspendedError };

/**
 * The public API's guard: tenant from the Host (like every tenant route), key from
 * `Authorization: Bearer`, the scope checked, then the key's rate limit counted (shared by every
 * web process through Postgres). Throws typed errors for the JSON transport to map.
 */
export async function withApiKey(request: Request, needed: ApiKeyScope, deps: ApiKeyGuardDeps): Promise<ApiContext> {
  const target = parseHost(request.headers.get("x-forwarded-host") ?? request.headers.get("host"), deps.appDomain);
  if (target.kind !== "tenant") throw new NotFoundError("Call the API on your workspace's host, e.g. https://acme.monitr.app/api/v1/….");
  const tenant = await getTenantBySlug(deps.db, target.slug);
  if (!tenant) throw new NotFoundError();
  setLogTenant(tenant.id);
  const token = bearerToken(request.headers.get("authorization"));
  if (!token) throw new UnauthorizedError("Send an API key: `Authorization: Bearer <key>`.");
  const key = await authenticateApiKey({ db: deps.db, tenantId: tenant.id, key: token });
  if (!key) throw new UnauthorizedError("The API key is not valid for this workspace, or it was revoked.");
  if (tenant.status !== "active") throw new TenantSuspendedError();
  if (needed === "write" && key.scope !== "write") throw new ForbiddenError("This API key is read-only; create a key with the write scope.");
  await consumeRateLimit(deps.db, [{ key: `api-key:${key.id}`, max: deps.rateLimitPerMinute }], 60, "Too many requests for this API key; slow down.");
  const role = ROLE_RANK[key.creator.role] < ROLE_RANK[KEY_ROLE_CAP] ? key.creator.role : KEY_ROLE_CAP;
  return {
    tenant,
    db: deps.db,
    actor: { userId: key.creator.userId, email: key.creator.email, name: `API key ${key.prefix} (${key.name})`, role },
    apiKey: { id: key.id, prefix: key.prefix, scope: key.scope },
    origin: { appDomain: deps.appDomain, protocol: deps.protocol ?? "https" },
  };
}
