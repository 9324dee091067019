import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Tx } from "@/lib/db";
import { parseInput } from "@/lib/http/validate";
import { PreferencesInput } from "./schemas";

export type CostPreferences = { budgetAlerts: boolean; thresholds: number[] | null; digest: "off" | "daily" | "weekly"; lastDigestAt: Date | null };
export const DEFAULT_PREFERENCES: CostPreferences = { budgetAlerts: true, thresholds: null, digest: "off", lastDigestAt: null };
const cp = schema.costPreferences;

export async function preferencesOf(tx: Tx, tenantId: string): Promise<Map<string, CostPreferences>> {
  const rows = await tx.select().from(cp).where(eq(cp.tenantId, tenantId));
  return new Map(rows.map((r) => [r.userId, { budgetAlerts: r.budgetAlerts, thresholds: r.thresholds, digest: r.digest, lastDigestAt: r.lastDigestAt }]));
}

export async function getPreferences(ctx: TenantContext): Promise<CostPreferences> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx.select().from(cp).where(and(eq(cp.tenantId, ctx.tenant.id), eq(cp.userId, ctx.actor.userId)));
      return row ? { budgetAlerts: row.budgetAlerts, thresholds: row.thresholds, digest: row.digest, lastDigestAt: row.lastDigestAt } : DEFAULT_PREFERENCES;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Each person's own: budget alerts on/off, own thresholds, digest frequency. Any role may set them. */
export async function savePreferences({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<CostPreferences> {
  const data = parseInput(PreferencesInput, input);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const values = { budgetAlerts: data.budgetAlerts, thresholds: data.thresholds, digest: data.digest, updatedAt: new Date() };
      const [row] = await tx
        .insert(cp)
        .values({ tenantId: ctx.tenant.id, userId: ctx.actor.userId, ...values })
        .onConflictDoUpdate({ target: [cp.tenantId, cp.userId], set: values })
        .returning();
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "preferences.cost_updated", target: ctx.actor.userId, data: { ...data } });
      return { budgetAlerts: row.budgetAlerts, thresholds: row.thresholds, digest: row.digest, lastDigestAt: row.lastDigestAt };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
