import { and, eq, inArray } from "drizzle-orm";
import { assertMayManageOwner, assertOwnerExists } from "@/lib/allocation";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Tx } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { BudgetInput, type BudgetScope } from "./schemas";

export type Budget = typeof schema.budgets.$inferSelect;
const b = schema.budgets;

/** The scope's id as stored: the tenant's own id for the workspace budget. */
export function scopeId(ctx: Pick<TenantContext, "tenant">, scope: BudgetScope): string {
  if (scope.kind === "tenant") return ctx.tenant.id;
  if (!scope.id) throw new ValidationError("Choose a team or a person.", { "scope.id": "Choose a team or a person." });
  return scope.id;
}

async function assertChannels(tx: Tx, tenantId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const found = await tx.select({ id: schema.alertChannels.id }).from(schema.alertChannels).where(and(eq(schema.alertChannels.tenantId, tenantId), inArray(schema.alertChannels.id, ids)));
  if (found.length !== new Set(ids).size) throw new ValidationError("Choose existing notification channels.", { channelIds: "Unknown channel." });
}

/** Creates or replaces the monthly budget of a scope (one budget per scope); `created` tells which. */
export async function saveBudget({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<Budget & { created: boolean }> {
  const data = parseInput(BudgetInput, input);
  const id = scopeId(ctx, data.scope);
  assertMayManageOwner(ctx, { kind: data.scope.kind === "tenant" ? "tenant" : data.scope.kind, id });
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      if (data.scope.kind !== "tenant") await assertOwnerExists(tx, ctx.tenant.id, { kind: data.scope.kind, id }, "scope.id");
      await assertChannels(tx, ctx.tenant.id, data.channelIds);
      const values = {
        monthlyLimit: data.monthlyLimit.toFixed(2),
        thresholds: data.thresholds,
        alertOnActual: data.alertOnActual,
        alertOnForecast: data.alertOnForecast,
        channelIds: data.channelIds,
        updatedAt: new Date(),
      };
      const [before] = await tx.select().from(b).where(and(eq(b.tenantId, ctx.tenant.id), eq(b.scopeKind, data.scope.kind), eq(b.scopeId, id))).for("update");
      const [row] = await tx
        .insert(b)
        .values({ tenantId: ctx.tenant.id, scopeKind: data.scope.kind, scopeId: id, createdBy: ctx.actor.userId, ...values })
        .onConflictDoUpdate({ target: [b.tenantId, b.scopeKind, b.scopeId], set: values })
        .returning();
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: before ? "budget.updated" : "budget.created",
        target: row.id,
        data: { scope: { kind: data.scope.kind, id }, monthlyLimit: values.monthlyLimit, thresholds: data.thresholds, ...(before ? { previousLimit: before.monthlyLimit } : {}) },
        ip: ctx.session?.ip ?? null,
      });
      return { ...row, created: !before };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

export async function deleteBudget({ ctx, id }: { ctx: TenantContext; id: string }): Promise<void> {
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx.select().from(b).where(and(eq(b.tenantId, ctx.tenant.id), eq(b.id, id)));
      if (!row) throw new NotFoundError("No such budget.");
      assertMayManageOwner(ctx, { kind: row.scopeKind === "tenant" ? "tenant" : row.scopeKind, id: row.scopeId });
      await tx.delete(b).where(and(eq(b.tenantId, ctx.tenant.id), eq(b.id, id)));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "budget.deleted", target: id, data: { scope: { kind: row.scopeKind, id: row.scopeId }, monthlyLimit: row.monthlyLimit } });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
