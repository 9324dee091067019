import { and, desc, eq, isNull } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { generateApiKey } from "./key-format";
import type { CreateApiKeyInput } from "./schemas";

export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  scope: "read" | "write";
  createdAt: Date;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

function summary(row: typeof schema.apiKeys.$inferSelect): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scope: row.scope,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    lastUsedAt: row.lastUsedAt,
    revokedAt: row.revokedAt,
  };
}

function requireAdmin(ctx: TenantContext): void {
  if (!roleAtLeast(ctx.actor.role, "admin")) throw new ForbiddenError("Only owners and admins can manage API keys.");
}

/** Creates a key and returns it in clear exactly once; only its hash is stored. */
export async function createApiKey({ ctx, input, ip }: { ctx: TenantContext; input: CreateApiKeyInput; ip?: string | null }): Promise<{ key: string; apiKey: ApiKeySummary }> {
  requireAdmin(ctx);
  const generated = generateApiKey();
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx
        .insert(schema.apiKeys)
        .values({ tenantId: ctx.tenant.id, name: input.name, scope: input.scope, prefix: generated.prefix, keyHash: generated.hash, createdBy: ctx.actor.userId })
        .returning();
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: "api_key.created",
        target: row.id,
        data: { name: row.name, prefix: row.prefix, scope: row.scope },
        ip,
      });
      return { key: generated.key, apiKey: summary(row) };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Active keys first, newest first; revoked keys stay listed (with when) for the record. */
export async function listApiKeys(ctx: TenantContext): Promise<ApiKeySummary[]> {
  requireAdmin(ctx);
  const rows = await withTenant(
    ctx.tenant.id,
    (tx) => tx.select().from(schema.apiKeys).where(eq(schema.apiKeys.tenantId, ctx.tenant.id)).orderBy(schema.apiKeys.revokedAt, desc(schema.apiKeys.createdAt)),
    { db: ctx.db },
  );
  return rows.map(summary);
}

export async function revokeApiKey({ ctx, id, ip }: { ctx: TenantContext; id: string; ip?: string | null }): Promise<ApiKeySummary> {
  requireAdmin(ctx);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError("No such API key.");
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const k = schema.apiKeys;
      const [row] = await tx
        .update(k)
        .set({ revokedAt: new Date(), revokedBy: ctx.actor.userId })
        .where(and(eq(k.tenantId, ctx.tenant.id), eq(k.id, id), isNull(k.revokedAt)))
        .returning();
      if (!row) {
        const [existing] = await tx.select().from(k).where(and(eq(k.tenantId, ctx.tenant.id), eq(k.id, id)));
        if (!existing) throw new NotFoundError("No such API key.");
        return summary(existing);
      }
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "api_key.revoked", target: row.id, data: { name: row.name, prefix: row.prefix }, ip });
      return summary(row);
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
