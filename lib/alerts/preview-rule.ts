import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { evaluateRule, lastTick, nextState, rangeTicks, ruleStep, ticksFor, worstOf, type ConditionSeries } from "./evaluate-core";
import { fetchBuckets } from "./fetch-buckets";
import { alertMetric } from "./metric-catalog";
import type { AlertState } from "./schemas";
import { RuleInput } from "./schemas";
import { loadScopeIndex, resolveScope, seriesOf } from "./scope";
import { ruleProblems } from "./validate-rule";

/*
 * The rule form's preview: the first condition's metric over the last 24 hours for the resources
 * in scope (the most active few drawn), the threshold, and when the rule would have fired — the
 * real evaluator replayed tick by tick over stored data.
 */
const PREVIEW_HOURS = 24;
const MAX_RESOURCES = 50;
const MAX_DRAWN = 8;

export type RulePreview = {
  metric: { id: string; label: string; unit: string };
  threshold: number;
  comparator: string;
  stepSeconds: number;
  resourcesInScope: number;
  series: { resourceId: string; name: string | null; points: { t: number; v: number }[] }[];
  firing: { resourceId: string; from: number; to: number | null }[];
};

export async function previewRule({ ctx, input: raw, now = new Date() }: { ctx: TenantContext; input: unknown; now?: Date }): Promise<RulePreview> {
  const input = parseInput(RuleInput, raw);
  const problems = ruleProblems(input);
  if (Object.keys(problems).length) throw new ValidationError(`Check these fields: ${Object.keys(problems).join(", ")}.`, problems);
  const first = input.conditions[0]!;
  const metric = alertMetric(first.metric)!;
  const step = ruleStep(input.conditions);
  const { n } = ticksFor(input.duration, step);
  const end = lastTick(now.getTime(), step);
  const start = end - PREVIEW_HOURS * 3600_000;
  const readFrom = start - rangeTicks(n, step) * step * 1000 - step * 1000;

  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const index = await loadScopeIndex(tx, ctx.tenant.id, input.conditions.map((c) => c.metric), now);
      const inScope = resolveScope(index, input.scope);
      const resources = inScope
        .map((r) => ({ ...r, series: input.conditions.map((c) => seriesOf(index, c.metric, r.id)) }))
        .filter((r) => r.series.some((s) => s.length > 0))
        .slice(0, MAX_RESOURCES);
      const perCondition = await Promise.all(
        input.conditions.map(async (c, i) => {
          const ids = [...new Set(resources.flatMap((r) => r.series[i] ?? []))];
          return fetchBuckets(tx, ctx.tenant.id, { stat: c.stat, windowSeconds: c.windowSeconds, seriesIds: ids, from: new Date(readFrom), to: new Date(end) });
        }),
      );
      const merged = resources.map((r) =>
        input.conditions.map((c, i): ConditionSeries => {
          const out = new Map<number, number>();
          for (const id of r.series[i] ?? []) {
            for (const [ms, v] of perCondition[i]?.get(id) ?? []) {
              const seen = out.get(ms);
              out.set(ms, seen === undefined ? v : worstOf(seen, v, c.comparator));
            }
          }
          return out;
        }),
      );
      const firing: RulePreview["firing"] = [];
      resources.forEach((r, ri) => {
        let state: AlertState = "ok";
        let openedAt: number | null = null;
        for (let tick = start; tick <= end; tick += step * 1000) {
          state = nextState(state, evaluateRule({ conditions: input.conditions, combine: input.combine, duration: input.duration, now: tick, series: merged[ri]! }), input.noData);
          if (state === "firing" && openedAt === null) openedAt = tick;
          if (state !== "firing" && openedAt !== null) {
            firing.push({ resourceId: r.id, from: openedAt, to: tick });
            openedAt = null;
          }
        }
        if (openedAt !== null) firing.push({ resourceId: r.id, from: openedAt, to: null });
      });
      const drawn = resources
        .map((r, ri) => ({ r, points: [...(merged[ri]?.[0] ?? new Map<number, number>())].filter(([t]) => t >= start - first.windowSeconds * 1000).sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t: t + first.windowSeconds * 1000, v })) }))
        .sort((a, b) => Math.max(0, ...b.points.map((p) => p.v)) - Math.max(0, ...a.points.map((p) => p.v)))
        .slice(0, MAX_DRAWN);
      return {
        metric: { id: metric.id, label: metric.label, unit: metric.unit },
        threshold: first.threshold,
        comparator: first.comparator,
        stepSeconds: step,
        resourcesInScope: inScope.length,
        series: drawn.map(({ r, points }) => ({ resourceId: r.id, name: r.name, points })),
        firing,
      };
    },
    { db: ctx.db },
  );
}
