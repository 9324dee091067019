import { schema } from "@/lib/db";
import { RuleInput } from "./schemas";

export type RuleRow = typeof schema.alertRules.$inferSelect;

/** A stored rule as the evaluator and the API use it. */
export type Rule = RuleInput & { id: string; createdAt: Date; updatedAt: Date; lastEvaluatedAt: Date | null; lastError: string | null };

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

const cache = new Map<string, { updatedAt: number; rule: Rule }>();

/**
 * Parses a stored rule; null when the stored definition no longer validates (the rule goes to
 * ERROR). Parsed rules are cached by (id, updated_at): the evaluator reads every rule every minute.
 */
export function toRule(row: RuleRow): Rule | null {
  const hit = cache.get(row.id);
  if (hit && hit.updatedAt === row.updatedAt.getTime()) return { ...hit.rule, lastEvaluatedAt: row.lastEvaluatedAt, lastError: row.lastError };
  const parsed = RuleInput.safeParse(ruleInputOf(row));
  if (!parsed.success) return null;
  const rule: Rule = { ...parsed.data, id: row.id, createdAt: row.createdAt, updatedAt: row.updatedAt, lastEvaluatedAt: row.lastEvaluatedAt, lastError: row.lastError };
  if (cache.size > 50_000) cache.clear();
  cache.set(row.id, { updatedAt: row.updatedAt.getTime(), rule });
  return rule;
}
