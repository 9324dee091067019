import { and, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { describeCondition } from "./alert-message";
import type { ConditionValue } from "./evaluate-core";
import { getRuleInTenant } from "./rule-verbs";
import { lastEvaluation, toRule, type Rule } from "./rule-row";
import type { AlertState } from "./schemas";

export type RuleSummary = Rule & { counts: Record<AlertState, number>; broken: boolean };

export type AlertInstance = {
  ruleId: string;
  ruleName: string;
  severity: "critical" | "warning" | "info";
  resourceId: string;
  resourceKind: string;
  resourceName: string | null;
  state: AlertState;
  since: Date;
  acknowledgedAt: Date | null;
  summary: string[];
};

export type Transition = { id: number; ruleId: string; ruleName: string | null; resourceId: string; from: AlertState; to: AlertState; at: Date; muted: boolean; summary: string[] };

const STATE_ORDER: Record<AlertState, number> = { firing: 0, error: 1, no_data: 2, pending: 3, ok: 4 };
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

function summarize(values: Record<string, unknown>): string[] {
  const conditions = values.conditions as ConditionValue[] | undefined;
  if (conditions?.length) return conditions.map((c) => describeCondition(c));
  if (values.outcome === "no_data") return ["No data in the evaluation range."];
  if (values.outcome === "error" && typeof values.error === "string") return [`Error: ${values.error}`];
  if (typeof values.outcome === "string" && values.outcome !== "data") return [values.outcome === "left_scope" ? "The resource left the rule's scope." : `Closed: ${values.outcome}.`];
  return [];
}

const emptyCounts = (): Record<AlertState, number> => ({ ok: 0, pending: 0, firing: 0, no_data: 0, error: 0 });

export async function listRules(ctx: TenantContext): Promise<RuleSummary[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const rows = await tx.select().from(schema.alertRules).where(eq(schema.alertRules.tenantId, ctx.tenant.id)).orderBy(schema.alertRules.createdAt);
      const s = schema.alertStates;
      const counts = await tx
        .select({ ruleId: s.ruleId, state: s.state, n: sql<number>`count(*)::int` })
        .from(s)
        .where(and(eq(s.tenantId, ctx.tenant.id), ne(s.state, "ok")))
        .groupBy(s.ruleId, s.state);
      const evaluatedAt = await lastEvaluation(tx, ctx.tenant.id);
      const byRule = new Map<string, Record<AlertState, number>>();
      for (const c of counts) {
        const m = byRule.get(c.ruleId) ?? emptyCounts();
        m[c.state] = c.n;
        byRule.set(c.ruleId, m);
      }
      return rows.map((row) => {
        const rule = toRule(row, evaluatedAt);
        // A rule that no longer validates is still listed (in ERROR) with what can be shown of it.
        const base: Rule = rule ?? { ...(row as unknown as Rule), conditions: [], channelIds: row.channelIds, lastEvaluatedAt: null };
        return { ...base, counts: byRule.get(row.id) ?? emptyCounts(), broken: rule === null };
      });
    },
    { db: ctx.db },
  );
}

export async function getRule(ctx: TenantContext, id: string): Promise<Rule> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const rule = toRule(await getRuleInTenant({ tx, tenantId: ctx.tenant.id, id }), await lastEvaluation(tx, ctx.tenant.id));
      if (!rule) throw new Error(`stored rule ${id} does not validate`);
      return rule;
    },
    { db: ctx.db },
  );
}

/** Alerts not OK, firing first (then errors, no data, pending), most severe and oldest first. */
export async function listAlerts(ctx: TenantContext, options: { ruleId?: string } = {}): Promise<AlertInstance[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const s = schema.alertStates;
      const r = schema.alertRules;
      const rows = await tx
        .select({ state: s, ruleName: r.name, severity: r.severity })
        .from(s)
        .innerJoin(r, and(eq(r.tenantId, s.tenantId), eq(r.id, s.ruleId)))
        .where(and(eq(s.tenantId, ctx.tenant.id), ne(s.state, "ok"), options.ruleId ? eq(s.ruleId, options.ruleId) : undefined))
        .limit(1000);
      return rows
        .map(({ state, ruleName, severity }) => ({
          ruleId: state.ruleId,
          ruleName,
          severity,
          resourceId: state.resourceId,
          resourceKind: state.resourceKind,
          resourceName: state.resourceName,
          state: state.state,
          since: state.since,
          acknowledgedAt: state.acknowledgedAt,
          summary: summarize(state.values),
        }))
        .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.since.getTime() - b.since.getTime());
    },
    { db: ctx.db },
  );
}

/** The state history, newest first, with the values that caused each transition. */
export async function listTransitions(ctx: TenantContext, options: { ruleId?: string; limit?: number } = {}): Promise<Transition[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const t = schema.alertTransitions;
      const rows = await tx
        .select()
        .from(t)
        .where(and(eq(t.tenantId, ctx.tenant.id), options.ruleId ? eq(t.ruleId, options.ruleId) : undefined))
        .orderBy(desc(t.at), desc(t.id))
        .limit(Math.min(options.limit ?? 100, 500));
      const ruleIds = [...new Set(rows.map((row) => row.ruleId))];
      const names = ruleIds.length
        ? new Map(
            (await tx.select({ id: schema.alertRules.id, name: schema.alertRules.name }).from(schema.alertRules).where(and(eq(schema.alertRules.tenantId, ctx.tenant.id), inArray(schema.alertRules.id, ruleIds)))).map((r) => [r.id, r.name]),
          )
        : new Map<string, string>();
      return rows.map((row) => ({ id: row.id, ruleId: row.ruleId, ruleName: names.get(row.ruleId) ?? null, resourceId: row.resourceId, from: row.fromState, to: row.toState, at: row.at, muted: row.muted, summary: summarize(row.values) }));
    },
    { db: ctx.db },
  );
}

/** How many (rule, resource) alerts are firing now (the Overview's badge). */
export async function countFiringAlerts(ctx: TenantContext): Promise<number> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const s = schema.alertStates;
      const r = schema.alertRules;
      const [row] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(s)
        .innerJoin(r, and(eq(r.tenantId, s.tenantId), eq(r.id, s.ruleId)))
        .where(and(eq(s.tenantId, ctx.tenant.id), eq(s.state, "firing"), eq(r.enabled, true)));
      return row?.n ?? 0;
    },
    { db: ctx.db },
  );
}
