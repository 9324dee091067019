import { eq } from "drizzle-orm";
import { schema, withTenant, type Db } from "@/lib/db";
import { evaluateRule, lastTick, nextState, rangeTicks, ruleStep, ticksFor, worstOf } from "@/lib/alerts/evaluate-core";
import { fetchBuckets, type BucketValues } from "@/lib/alerts/fetch-buckets";
import { toRule } from "@/lib/alerts/rule-row";
import { loadScopeIndex, resolveScope, seriesOf } from "@/lib/alerts/scope";

/*
 * The baseline: rule by rule, one metric query per rule condition (what a straightforward
 * evaluator does), with the same scope resolution and the same evaluation rule. It writes nothing,
 * so the comparison flatters it.
 */
export async function evaluateRuleByRule(db: Db, tenantId: string, now: Date): Promise<{ queries: number; pairs: number; firing: number }> {
  return withTenant(
    tenantId,
    async (tx) => {
      const rows = await tx.select().from(schema.alertRules).where(eq(schema.alertRules.tenantId, tenantId));
      const rules = rows.map((row) => toRule(row)).filter((r) => r !== null);
      const index = await loadScopeIndex(tx, tenantId, [...new Set(rules.flatMap((r) => r.conditions.map((c) => c.metric)))], now);
      let queries = 0;
      let pairs = 0;
      let firing = 0;
      for (const rule of rules) {
        const step = ruleStep(rule.conditions);
        const { n } = ticksFor(rule.duration, step);
        const from = lastTick(now.getTime(), step) - rangeTicks(n, step) * step * 1000;
        const resources = resolveScope(index, rule.scope);
        const perCondition: BucketValues[] = [];
        for (const c of rule.conditions) {
          const ids = resources.flatMap((r) => seriesOf(index, c.metric, r.id));
          perCondition.push(await fetchBuckets(tx, tenantId, { stat: c.stat, windowSeconds: c.windowSeconds, seriesIds: ids, from: new Date(from - c.windowSeconds * 1000), to: now }));
          queries++;
        }
        for (const r of resources) {
          const series = rule.conditions.map((c, i) => {
            const out = new Map<number, number>();
            for (const id of seriesOf(index, c.metric, r.id)) {
              for (const [ms, v] of perCondition[i]?.get(id) ?? []) out.set(ms, out.has(ms) ? worstOf(out.get(ms)!, v, c.comparator) : v);
            }
            return out;
          });
          if (series.every((s) => s.size === 0)) continue;
          pairs++;
          if (nextState("ok", evaluateRule({ conditions: rule.conditions, combine: rule.combine, duration: rule.duration, now: now.getTime(), series }), rule.noData) === "firing") firing++;
        }
      }
      return { queries, pairs, firing };
    },
    { db },
  );
}
