import { and, eq, lte, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { recordAudit } from "@/lib/audit";
import { enterTenant, schema, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { readTenantBilling } from "./tenant-billing";

export const BILLING_GRACE_QUEUE = "billing-grace";

/**
 * Writes down what planOf() already enforces: a Pro workspace whose grace period after a failed
 * payment has ended is on Free. Other code that reads `tenants.plan` (the shell, retention) then
 * agrees, and the audit log records when it happened. A payment that succeeds later brings Pro
 * back through the webhook. Returns the tenants moved.
 */
export async function expireGracePeriods({ db, now = new Date() }: { db: Db; now?: Date }): Promise<number> {
  const t = schema.tenants;
  const due = await db.select({ id: t.id }).from(t).where(and(eq(t.plan, "pro"), lte(t.gracePeriodEndsAt, now)));
  let moved = 0;
  for (const { id } of due) {
    const changed = await db.transaction(async (tx) => {
      // The same lock as the webhook: a payment applied meanwhile is seen before deciding.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('billing:' || ${id}))`);
      const state = await readTenantBilling(tx, id);
      if (!state || state.plan !== "pro" || !state.gracePeriodEndsAt || state.gracePeriodEndsAt.getTime() > now.getTime()) return false;
      await tx.update(t).set({ plan: "free" }).where(eq(t.id, id));
      await enterTenant(tx, id);
      await recordAudit(tx, { tenantId: id, action: "billing.plan_changed", target: state.stripeSubscriptionId, data: { from: "pro", to: "free", reason: "grace_period_ended", gracePeriodEndsAt: state.gracePeriodEndsAt.toISOString() } });
      return true;
    });
    if (changed) moved++;
  }
  if (moved) logger.info({ moved }, "billing: grace periods ended, workspaces moved to Free");
  return moved;
}

/** Every 15 minutes, one worker at a time. */
export async function registerBillingJobs(boss: PgBoss, { db }: { db: Db }): Promise<void> {
  await boss.createQueue(BILLING_GRACE_QUEUE, { policy: "singleton" });
  await boss.schedule(BILLING_GRACE_QUEUE, "*/15 * * * *", null, { tz: "UTC" });
  await boss.work(BILLING_GRACE_QUEUE, async () => {
    await expireGracePeriods({ db });
  });
}
