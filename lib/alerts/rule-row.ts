import { and, eq, inArray } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import { RuleInput } from "./schemas";

export type RuleRow = typeof schema.alertRules.$inferSelect;

/**
 * A stored rule as the evaluator and the API use it. `lastEvaluatedAt` is the tenant's last
 * evaluation cycle (alert_evaluations) for an enabled rule, null for a disabled or new one.
 */
export type Rule = RuleInput & { id: string; createdAt: Date; updatedAt: Date; lastError: string | null; lastEvaluatedAt: Date | null };

export function ruleInputOf(row: RuleRow): unknown {
  return {
    name: row.name,
    enabled: row.enabled,
    scope: row.scope,
    conditions: row.conditions,
    combine: row.combine,
    duration: row.duration,
    noData: row.noData,
    severity: row.severity,
    channelIds: row.channelIds,
    repeatIntervalSeconds: row.repeatIntervalSeconds,
    sendResolved: row.sendResolved,
    ...(row.preset ? { preset: row.preset } : {}),
  };
}

/** Parses a stored rule; null when the stored definition no longer validates (its alerts go to ERROR). */
export function toRule(row: RuleRow, lastEvaluatedAt: Date | null = null): Rule | null {
  const parsed = RuleInput.safeParse(ruleInputOf(row));
  if (!parsed.success) return null;
  return { ...parsed.data, id: row.id, createdAt: row.createdAt, updatedAt: row.updatedAt, lastError: row.lastError, lastEvaluatedAt: row.enabled && lastEvaluatedAt && lastEvaluatedAt >= row.updatedAt ? lastEvaluatedAt : null };
}

/** When the tenant's rules were last evaluated (one row per tenant, written by each cycle). */
export async function lastEvaluation(tx: Tx, tenantId: string): Promise<Date | null> {
  const [row] = await tx.select({ at: schema.alertEvaluations.evaluatedAt }).from(schema.alertEvaluations).where(eq(schema.alertEvaluations.tenantId, tenantId));
  return row?.at ?? null;
}

// Parsed rules by id, valid for one updated_at: the evaluator reads every rule every minute, and
// re-reading and re-validating 10 000 unchanged definitions would dominate a cycle.
const cache = new Map<string, { updatedAt: number; rule: Rule }>();
const MAX_CACHED = 200_000;

/**
 * A tenant's enabled rules: ids and versions first, then full rows only for rules this process
 * has not parsed at their current version. Rows that no longer validate come back as `broken`.
 */
export async function loadEnabledRules(tx: Tx, tenantId: string): Promise<{ rules: Rule[]; broken: RuleRow[] }> {
  const r = schema.alertRules;
  const versions = await tx.select({ id: r.id, updatedAt: r.updatedAt }).from(r).where(and(eq(r.tenantId, tenantId), eq(r.enabled, true)));
  const rules: Rule[] = [];
  const missing: string[] = [];
  for (const v of versions) {
    const hit = cache.get(v.id);
    if (hit && hit.updatedAt === v.updatedAt.getTime()) rules.push(hit.rule);
    else missing.push(v.id);
  }
  const broken: RuleRow[] = [];
  for (let i = 0; i < missing.length; i += 5000) {
    const rows = await tx.select().from(r).where(and(eq(r.tenantId, tenantId), eq(r.enabled, true), inArray(r.id, missing.slice(i, i + 5000))));
    for (const row of rows) {
      const rule = toRule(row);
      if (!rule) {
        broken.push(row);
        continue;
      }
      if (cache.size >= MAX_CACHED) cache.clear();
      cache.set(row.id, { updatedAt: row.updatedAt.getTime(), rule });
      rules.push(rule);
    }
  }
  return { rules, broken };
}
