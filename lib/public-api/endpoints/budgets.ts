import { z } from "zod";
import { currentMonth, MonthInput } from "@/lib/allocation";
import { BudgetInput, budgetsFor, deleteBudget, saveBudget, type BudgetStatus } from "@/lib/budgets";
import type { TenantContext } from "@/lib/auth/guard";
import { NotFoundError } from "@/lib/http/errors";
import { PageQuery, pageOf, paginate } from "../pagination";
import { defineEndpoint, Reply } from "../registry";

/*
 * Budgets over the API: the same verbs as Settings → Budgets (lib/budgets), so the same rules —
 * one budget per scope, admins manage any, others only their own; the same validation messages.
 */

const BudgetAlertSent = z.object({
  threshold: z.number().int().meta({ description: "Percent of the monthly limit." }),
  basis: z.enum(["actual", "forecast"]),
  firedAt: z.string(),
  amount: z.number().meta({ description: "Spend (or forecast) in USD when the alert was sent." }),
});

export const Budget = z
  .object({
    id: z.uuid(),
    scope: z.object({
      kind: z.enum(["tenant", "team", "user"]).meta({ description: "The whole workspace, a team or a person." }),
      id: z.uuid().meta({ description: "The team's or person's id; the workspace's own id for the workspace budget." }),
    }),
    name: z.string().meta({ description: "The workspace's, team's or person's name." }),
    month: z.string().meta({ description: "The month the figures are for, YYYY-MM." }),
    monthlyLimit: z.number().meta({ description: "USD per calendar month (UTC)." }),
    thresholds: z.array(z.number().int()).meta({ description: "Alert thresholds in percent of the limit, ascending." }),
    alertOnActual: z.boolean(),
    alertOnForecast: z.boolean(),
    channelIds: z.array(z.uuid()).meta({ description: "Alert channels notified besides email." }),
    actual: z.number().meta({ description: "Spend allocated to the scope in the month, to date for the current month (USD)." }),
    forecast: z.number().nullable().meta({ description: "Expected spend at month end (USD); equal to actual for a past month; null without data." }),
    forecastMethod: z.string(),
    pctActual: z.number().meta({ description: "actual ÷ monthlyLimit × 100." }),
    pctForecast: z.number().nullable(),
    alertsSent: z.array(BudgetAlertSent).meta({ description: "Thresholds already alerted this month (each at most once per month and basis)." }),
  })
  .meta({ id: "Budget" });

const toBudget = (s: BudgetStatus): z.input<typeof Budget> => ({
  id: s.id,
  scope: s.scope,
  name: s.name,
  month: s.month,
  monthlyLimit: s.monthlyLimit,
  thresholds: s.thresholds,
  alertOnActual: s.alertOnActual,
  alertOnForecast: s.alertOnForecast,
  channelIds: s.channelIds,
  actual: round(s.actual),
  forecast: s.forecast === null ? null : round(s.forecast),
  forecastMethod: s.forecastMethod,
  pctActual: round(s.pctActual),
  pctForecast: s.pctForecast === null ? null : round(s.pctForecast),
  alertsSent: s.alerts.map((a) => ({ threshold: a.threshold, basis: a.basis, firedAt: a.firedAt.toISOString(), amount: a.amount })),
});

// Cents for money, hundredths for percentages: allocation arithmetic leaves float noise otherwise.
const round = (n: number) => Math.round(n * 100) / 100;

const Month = MonthInput.optional().meta({ description: "The month to report spend for, YYYY-MM (default: the current month, UTC)." });
const IdParams = z.object({ id: z.uuid().meta({ description: "The budget's id." }) });
const SCOPE_ORDER = { tenant: 0, team: 1, user: 2 } as const;

/** One budget with its figures for `month`, if the actor may see it. */
async function budgetInMonth(ctx: TenantContext, id: string, month: string): Promise<BudgetStatus> {
  const found = (await budgetsFor({ ctx, month })).find((b) => b.id === id);
  if (!found) throw new NotFoundError("No such budget.");
  return found;
}

export const listBudgets = defineEndpoint({
  operationId: "listBudgets",
  method: "GET",
  path: "/budgets",
  tag: "Budgets",
  summary: "List budgets with their month's spend and forecast",
  description:
    "Monthly budgets of the workspace, teams and people, each with the spend allocated to it in `month` (to date for the current month), the month-end forecast, its alert thresholds and the alerts already sent. Keys of admins see every budget; others see the workspace's, their own and their teams'. Sorted workspace, teams, people, then by name.",
  scope: "read",
  query: z.object({ month: Month, ...PageQuery }),
  response: pageOf(Budget),
  async handle({ ctx, query }) {
    const statuses = await budgetsFor({ ctx, month: query.month ?? currentMonth(new Date()) });
    const page = paginate(statuses, { key: (s) => [SCOPE_ORDER[s.scope.kind], s.name, s.id], arity: 3 }, query.cursor, query.limit);
    return { data: page.data.map(toBudget), nextCursor: page.nextCursor };
  },
});

export const getBudget = defineEndpoint({
  operationId: "getBudget",
  method: "GET",
  path: "/budgets/{id}",
  tag: "Budgets",
  summary: "Get one budget with its month's spend and forecast",
  scope: "read",
  params: IdParams,
  query: z.object({ month: Month }),
  response: Budget,
  async handle({ ctx, params, query }) {
    return toBudget(await budgetInMonth(ctx, params.id, query.month ?? currentMonth(new Date())));
  },
});

export const createBudget = defineEndpoint({
  operationId: "createBudget",
  method: "POST",
  path: "/budgets",
  tag: "Budgets",
  summary: "Create (or replace) the budget of a scope",
  description:
    "A scope has at most one budget: posting for a scope that has one replaces its settings and keeps its id (and the alerts already sent this month: raising a limit does not re-arm a threshold). The workspace's and other people's or teams' budgets need a key created by an admin; anyone's key may set their own (`scope.kind` = user, `scope.id` = their user id).",
  scope: "write",
  body: BudgetInput,
  response: Budget,
  status: 201,
  alsoStatus: { status: 200, description: "Replaced: the scope already had a budget (same id)." },
  async handle({ ctx, body }) {
    const saved = await saveBudget({ ctx, input: body });
    const budget = toBudget(await budgetInMonth(ctx, saved.id, currentMonth(new Date())));
    return saved.created ? budget : new Reply(200, budget);
  },
});

// Everything but the scope (a budget's identity), each optional and without defaults, so a patch
// changes only what it names.
const BudgetPatch = z
  .object({
    monthlyLimit: BudgetInput.shape.monthlyLimit,
    thresholds: BudgetInput.shape.thresholds.unwrap(),
    alertOnActual: BudgetInput.shape.alertOnActual.unwrap(),
    alertOnForecast: BudgetInput.shape.alertOnForecast.unwrap(),
    channelIds: BudgetInput.shape.channelIds.unwrap(),
  })
  .partial()
  .strict()
  .meta({ id: "BudgetPatch" });

export const updateBudget = defineEndpoint({
  operationId: "updateBudget",
  method: "PATCH",
  path: "/budgets/{id}",
  tag: "Budgets",
  summary: "Change a budget (any subset of its settings)",
  description: "The merged budget is validated as a whole, with the same rules as creating one.",
  scope: "write",
  params: IdParams,
  body: BudgetPatch,
  response: Budget,
  async handle({ ctx, params, body }) {
    const month = currentMonth(new Date());
    const current = await budgetInMonth(ctx, params.id, month);
    const input = {
      scope: current.scope.kind === "tenant" ? { kind: "tenant" } : current.scope,
      monthlyLimit: body.monthlyLimit ?? current.monthlyLimit,
      thresholds: body.thresholds ?? current.thresholds,
      alertOnActual: body.alertOnActual ?? current.alertOnActual,
      alertOnForecast: body.alertOnForecast ?? current.alertOnForecast,
      channelIds: body.channelIds ?? current.channelIds,
    };
    const saved = await saveBudget({ ctx, input });
    return toBudget(await budgetInMonth(ctx, saved.id, month));
  },
});

export const deleteBudgetEndpoint = defineEndpoint({
  operationId: "deleteBudget",
  method: "DELETE",
  path: "/budgets/{id}",
  tag: "Budgets",
  summary: "Delete a budget",
  scope: "write",
  params: IdParams,
  response: z.void(),
  status: 204,
  async handle({ ctx, params }) {
    await deleteBudget({ ctx, id: params.id });
  },
});
