import { and, count, eq, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { PLANS } from "@/lib/billing";
import { schema, withTenant, type Tx } from "@/lib/db";
import { ForbiddenError, NotFoundError, PlanLimitError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import type { Origin } from "./alert-message";
import { closeRuleAlerts } from "./close-alerts";
import { ruleInputOf, toRule, type Rule, type RuleRow } from "./rule-row";
import { RuleInput, RulePatch } from "./schemas";
import { assertValidRule } from "./validate-rule";

/** Workers LISTEN here and evaluate the tenant at once, so a new rule does not wait for the next minute. */
export const ALERTS_CHANNEL = "monitr_alerts";

function requireEditor(ctx: TenantContext): void {
  if (!roleAtLeast(ctx.actor.role, "member")) throw new ForbiddenError("Viewers cannot change alert rules.");
}

export async function getRuleInTenant({ tx, tenantId, id }: { tx: Tx; tenantId: string; id: string }): Promise<RuleRow> {
  const r = schema.alertRules;
  const [row] = await tx.select().from(r).where(and(eq(r.tenantId, tenantId), eq(r.id, id)));
  if (!row) throw new NotFoundError("No such alert rule.");
  return row;
}

function ruleOf(row: RuleRow): Rule {
  const rule = toRule(row);
  if (!rule) throw new Error(`stored rule ${row.id} does not validate`);
  return rule;
}

function columns(input: RuleInput) {
  return {
    name: input.name,
    enabled: input.enabled,
    scope: input.scope as Record<string, unknown>,
    conditions: input.conditions as unknown as Record<string, unknown>[],
    combine: input.combine,
    duration: input.duration as Record<string, unknown>,
    noData: input.noData,
    severity: input.severity,
    channelIds: [...new Set(input.channelIds)],
    repeatIntervalSeconds: input.repeatIntervalSeconds,
    sendResolved: input.sendResolved,
    preset: input.preset ?? null,
  };
}

async function wakeEvaluator(tx: Tx, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${ALERTS_CHANNEL}, ${tenantId})`);
}

/**
 * Creates a rule. The plan's rule limit is checked under a per-tenant advisory lock, so two
 * simultaneous creates cannot both take the last free slot.
 */
export async function createRule({ ctx, input: raw }: { ctx: TenantContext; input: unknown }): Promise<Rule> {
  requireEditor(ctx);
  const input = parseInput(RuleInput, raw);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(6007, hashtext(${ctx.tenant.id}))`);
      const limit = PLANS[ctx.tenant.plan].limits.alertRules;
      const [existing] = await tx.select({ n: count() }).from(schema.alertRules).where(eq(schema.alertRules.tenantId, ctx.tenant.id));
      if ((existing?.n ?? 0) >= limit) {
        throw new PlanLimitError(`The ${PLANS[ctx.tenant.plan].name} plan includes ${limit} alert rules. Upgrade to Pro for unlimited rules, or delete a rule first.`);
      }
      await assertValidRule(tx, ctx.tenant.id, input);
      const [row] = await tx.insert(schema.alertRules).values({ tenantId: ctx.tenant.id, ...columns(input), createdBy: ctx.actor.userId }).returning();
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_rule.created", target: row!.id, data: { name: input.name } });
      await wakeEvaluator(tx, ctx.tenant.id);
      return ruleOf(row!);
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Applies a partial change; the merged rule is validated as a whole. Disabling resolves its open alerts. */
export async function updateRule({ ctx, id, input: raw, origin, now = new Date() }: { ctx: TenantContext; id: string; input: unknown; origin: Origin; now?: Date }): Promise<Rule> {
  requireEditor(ctx);
  const patch = parseInput(RulePatch, raw);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const current = await getRuleInTenant({ tx, tenantId: ctx.tenant.id, id });
      const merged = parseInput(RuleInput, { ...(ruleInputOf(current) as Record<string, unknown>), ...patch });
      await assertValidRule(tx, ctx.tenant.id, merged);
      if (current.enabled && !merged.enabled) await closeRuleAlerts(tx, { tenant: ctx.tenant, rule: current, now, origin, reason: "rule disabled" });
      const [row] = await tx
        .update(schema.alertRules)
        .set({ ...columns(merged), updatedAt: now })
        .where(and(eq(schema.alertRules.tenantId, ctx.tenant.id), eq(schema.alertRules.id, id)))
        .returning();
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_rule.updated", target: id, data: { fields: Object.keys(patch) } });
      await wakeEvaluator(tx, ctx.tenant.id);
      return ruleOf(row!);
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Deletes a rule: open alerts resolve (messages go out), its states go; the history stays. */
export async function deleteRule({ ctx, id, origin, now = new Date() }: { ctx: TenantContext; id: string; origin: Origin; now?: Date }): Promise<void> {
  requireEditor(ctx);
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const current = await getRuleInTenant({ tx, tenantId: ctx.tenant.id, id });
      if (current.enabled) await closeRuleAlerts(tx, { tenant: ctx.tenant, rule: current, now, origin, reason: "rule deleted" });
      await tx.delete(schema.alertStates).where(and(eq(schema.alertStates.tenantId, ctx.tenant.id), eq(schema.alertStates.ruleId, id)));
      await tx.delete(schema.alertMutes).where(and(eq(schema.alertMutes.tenantId, ctx.tenant.id), eq(schema.alertMutes.ruleId, id)));
      await tx.delete(schema.alertRules).where(and(eq(schema.alertRules.tenantId, ctx.tenant.id), eq(schema.alertRules.id, id)));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "alert_rule.deleted", target: id, data: { name: current.name } });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
