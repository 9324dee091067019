import { z } from "zod";
import { createRule, getRule, listAlerts, listRules, listTransitions, RuleInput, RulePatch, updateRule, type AlertState, type Rule } from "@/lib/alerts";
import { iso, PageQuery, pageOf, paginate } from "../pagination";
import { defineEndpoint } from "../registry";

export const AlertRule = RuleInput.extend({
  id: z.uuid(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastEvaluatedAt: z.string().nullable(),
  lastError: z.string().nullable(),
}).meta({ id: "AlertRule" });

const toRule = (r: Rule): z.input<typeof AlertRule> => ({
  ...r,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  lastEvaluatedAt: iso(r.lastEvaluatedAt),
});

const IdParams = z.object({ id: z.uuid().meta({ description: "The rule's id." }) });
const State = z.enum(["ok", "pending", "firing", "no_data", "error"] as const satisfies readonly AlertState[]);

export const listAlertRules = defineEndpoint({
  operationId: "listAlertRules",
  method: "GET",
  path: "/alert-rules",
  tag: "Alerts",
  summary: "List alert rules",
  scope: "read",
  query: z.object({ ...PageQuery }),
  response: pageOf(AlertRule),
  async handle({ ctx, query }) {
    const page = paginate(await listRules(ctx), { key: (r) => [r.createdAt.getTime(), r.id], arity: 2 }, query.cursor, query.limit);
    return { data: page.data.map(toRule), nextCursor: page.nextCursor };
  },
});

export const createAlertRule = defineEndpoint({
  operationId: "createAlertRule",
  method: "POST",
  path: "/alert-rules",
  tag: "Alerts",
  summary: "Create an alert rule",
  description: "Metric conditions (AND / OR) over a scope (every resource of a kind, a tag, the pods of one EKS cluster, one resource), held for a duration or M of N datapoints. Counts against the plan's rule limit (402 when reached).",
  scope: "write",
  body: RuleInput,
  response: AlertRule,
  status: 201,
  errors: [402],
  async handle({ ctx, body }) {
    return toRule(await createRule({ ctx, input: body }));
  },
});

export const getAlertRule = defineEndpoint({
  operationId: "getAlertRule",
  method: "GET",
  path: "/alert-rules/{id}",
  tag: "Alerts",
  summary: "Get one alert rule",
  scope: "read",
  params: IdParams,
  response: AlertRule,
  async handle({ ctx, params }) {
    return toRule(await getRule(ctx, params.id));
  },
});

export const updateAlertRule = defineEndpoint({
  operationId: "updateAlertRule",
  method: "PATCH",
  path: "/alert-rules/{id}",
  tag: "Alerts",
  summary: "Change an alert rule (any subset of fields)",
  description: "The merged rule is validated as a whole. Disabling a rule resolves its open alerts.",
  scope: "write",
  params: IdParams,
  body: RulePatch,
  response: AlertRule,
  async handle({ ctx, params, body }) {
    return toRule(await updateRule({ ctx, id: params.id, input: body, origin: ctx.origin }));
  },
});

const Alert = z
  .object({
    ruleId: z.uuid(),
    ruleName: z.string(),
    severity: z.enum(["critical", "warning", "info"]),
    resourceId: z.string(),
    resourceKind: z.string(),
    resourceName: z.string().nullable(),
    state: State,
    since: z.string(),
    acknowledgedAt: z.string().nullable(),
    summary: z.array(z.string()),
  })
  .meta({ id: "Alert" });

export const listAlertsEndpoint = defineEndpoint({
  operationId: "listAlerts",
  method: "GET",
  path: "/alerts",
  tag: "Alerts",
  summary: "List open alerts (pending, firing, no data, error)",
  scope: "read",
  query: z.object({ ruleId: z.uuid().optional() }),
  response: z.object({ data: z.array(Alert) }),
  async handle({ ctx, query }) {
    const alerts = await listAlerts(ctx, query.ruleId ? { ruleId: query.ruleId } : {});
    return { data: alerts.map((a) => ({ ...a, since: a.since.toISOString(), acknowledgedAt: iso(a.acknowledgedAt) })) };
  },
});

const Transition = z
  .object({
    id: z.number().int(),
    ruleId: z.uuid(),
    ruleName: z.string().nullable(),
    resourceId: z.string(),
    from: State,
    to: State,
    at: z.string(),
    muted: z.boolean(),
    summary: z.array(z.string()),
  })
  .meta({ id: "AlertTransition" });

export const listAlertHistory = defineEndpoint({
  operationId: "listAlertHistory",
  method: "GET",
  path: "/alerts/history",
  tag: "Alerts",
  summary: "Alert state changes, newest first",
  scope: "read",
  query: z.object({ ruleId: z.uuid().optional(), ...PageQuery }),
  response: pageOf(Transition),
  async handle({ ctx, query }) {
    const all = await listTransitions(ctx, { ...(query.ruleId ? { ruleId: query.ruleId } : {}), limit: 1000 });
    const page = paginate(all, { key: (t) => [-t.id], arity: 1 }, query.cursor, query.limit);
    return { data: page.data.map((t) => ({ ...t, at: t.at.toISOString() })), nextCursor: page.nextCursor };
  },
});
