import { and, asc, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { isUniqueViolation, schema, withTenant, type Tx } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { assertAdmin, assertOwnerExists } from "./directory";
import { RuleInput } from "./schemas";

export type AllocationRule = typeof schema.allocationRules.$inferSelect;
const ar = schema.allocationRules;

/** Rules in the order they are tried: lower priority number first, then oldest. */
export async function rulesOf(tx: Tx, tenantId: string): Promise<AllocationRule[]> {
  return tx.select().from(ar).where(eq(ar.tenantId, tenantId)).orderBy(asc(ar.priority), asc(ar.createdAt), asc(ar.id));
}

export async function listRules(ctx: TenantContext): Promise<AllocationRule[]> {
  return withTenant(ctx.tenant.id, (tx) => rulesOf(tx, ctx.tenant.id), { db: ctx.db, userId: ctx.actor.userId });
}

/** A rule like `team=payments → Payments team`; it covers every resource with that tag, now and later. */
export async function createRule({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<AllocationRule> {
  assertAdmin(ctx, "create tag rules");
  const data = parseInput(RuleInput, input);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      await assertOwnerExists(tx, ctx.tenant.id, data.owner);
      try {
        const [rule] = await tx
          .insert(ar)
          .values({ tenantId: ctx.tenant.id, tagKey: data.tagKey, tagValue: data.tagValue, ownerKind: data.owner.kind, ownerId: data.owner.id, priority: data.priority, createdBy: ctx.actor.userId })
          .returning();
        await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "allocation.rule_created", target: rule.id, data: { tagKey: data.tagKey, tagValue: data.tagValue, owner: data.owner, priority: data.priority } });
        return rule;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError("A rule for this tag value exists.", { tagValue: "A rule for this tag value exists." });
        throw error;
      }
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

export async function deleteRule({ ctx, id }: { ctx: TenantContext; id: string }): Promise<void> {
  assertAdmin(ctx, "delete tag rules");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [rule] = await tx.delete(ar).where(and(eq(ar.tenantId, ctx.tenant.id), eq(ar.id, id))).returning();
      if (!rule) throw new NotFoundError("No such rule.");
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "allocation.rule_deleted", target: id, data: { tagKey: rule.tagKey, tagValue: rule.tagValue, owner: { kind: rule.ownerKind, id: rule.ownerId } } });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** The first rule whose tag matches, if any. */
export function matchRule(rules: AllocationRule[], tags: Record<string, string>): AllocationRule | null {
  return rules.find((r) => tags[r.tagKey] === r.tagValue) ?? null;
}
