import { and, eq, inArray } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";

/** Acknowledging an alerting (rule, resource) stops its repeats until it resolves and fires again. */
export async function acknowledgeAlert({ ctx, ruleId, resourceId, now = new Date() }: { ctx: TenantContext; ruleId: string; resourceId: string; now?: Date }): Promise<void> {
  if (!roleAtLeast(ctx.actor.role, "member")) throw new ForbiddenError("Viewers cannot acknowledge alerts.");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const s = schema.alertStates;
      const key = and(eq(s.tenantId, ctx.tenant.id), eq(s.ruleId, ruleId), eq(s.resourceId, resourceId));
      const [row] = await tx.select({ state: s.state }).from(s).where(key);
      if (!row) throw new NotFoundError("No such alert.");
      if (!["firing", "no_data", "error"].includes(row.state)) throw new ConflictError("Only an alerting alert can be acknowledged.");
      await tx
        .update(s)
        .set({ acknowledgedAt: now, acknowledgedBy: ctx.actor.userId })
        .where(and(key, inArray(s.state, ["firing", "no_data", "error"])));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert.acknowledged", target: `${ruleId}:${resourceId}` });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
