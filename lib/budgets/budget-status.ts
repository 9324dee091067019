import { and, eq } from "drizzle-orm";
import { allocateCosts, isAdmin, loadDirectory, monthProgress, monthWindow, ownerKey, ownerName, MonthInput, type CostAllocation, type Directory } from "@/lib/allocation";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Tx } from "@/lib/db";
import { parseInput } from "@/lib/http/validate";
import { loadSpendOutlook, type SpendOutlook } from "@/lib/insights";
import type { Budget } from "./budget-verbs";

export type BudgetAlertView = { threshold: number; basis: "actual" | "forecast"; firedAt: Date; amount: number };
export type BudgetStatus = {
  id: string;
  scope: { kind: Budget["scopeKind"]; id: string };
  name: string;
  month: string;
  monthlyLimit: number;
  thresholds: number[];
  alertOnActual: boolean;
  alertOnForecast: boolean;
  channelIds: string[];
  actual: number;
  /** Spend at month end at this rate; equal to actual for a past month. */
  forecast: number | null;
  forecastMethod: string;
  pctActual: number;
  pctForecast: number | null;
  alerts: BudgetAlertView[];
};

export type OwnerForecast = { amount: number | null; method: string };

export const OWNER_FORECAST_METHOD =
  "Month-to-date spend × the workspace's forecast growth for the rest of the month (forecast month end ÷ month to date); a straight run rate when no workspace forecast exists.";

/**
 * Month end for an owner: scales its month-to-date by the workspace forecast's ratio, so a
 * person's outlook follows the same weekday and trend model as the bill; falls back to a run rate.
 */
export function ownerForecast(actual: number, outlook: SpendOutlook | null, progress: { elapsedDays: number; days: number }): OwnerForecast {
  if (outlook?.available && outlook.monthToDate > 0) return { amount: actual * (outlook.monthEnd.amount / outlook.monthToDate), method: OWNER_FORECAST_METHOD };
  if (progress.elapsedDays <= 0) return { amount: null, method: "No spend recorded this month yet." };
  return { amount: (actual / progress.elapsedDays) * progress.days, method: "Run rate: month-to-date spend ÷ days elapsed × days in the month." };
}

export type MonthPicture = { month: string; current: boolean; directory: Directory; allocation: CostAllocation; outlook: SpendOutlook | null; statuses: BudgetStatus[] };

/** Budgets, their actual and forecast spend and the alerts already sent, for one month, in one transaction. */
export async function loadMonthPicture(tx: Tx, args: { tenantId: string; tenantName: string; month: string; now: Date }): Promise<MonthPicture> {
  const { from, to, end } = monthWindow(args.month, args.now);
  const current = args.now.getTime() >= from.getTime() && args.now.getTime() < end.getTime();
  const directory = await loadDirectory(tx, args.tenantId);
  const allocation = { month: args.month, ...(await allocateCosts(tx, { tenantId: args.tenantId, from, to, directory })) };
  const outlook = current ? await loadSpendOutlook(tx, { now: args.now }) : null;
  const progress = monthProgress(from, to, end);
  const rows = await tx.select().from(schema.budgets).where(eq(schema.budgets.tenantId, args.tenantId));
  const fired = await tx
    .select()
    .from(schema.budgetAlerts)
    .where(and(eq(schema.budgetAlerts.tenantId, args.tenantId), eq(schema.budgetAlerts.month, from.toISOString().slice(0, 10))));
  const statuses = rows.map((budget): BudgetStatus => {
    const limit = Number(budget.monthlyLimit);
    const owner = budget.scopeKind === "tenant" ? null : { kind: budget.scopeKind, id: budget.scopeId };
    const actual = owner ? (allocation.owners.find((o) => ownerKey(o.owner) === ownerKey(owner))?.total ?? 0) : allocation.total;
    let forecast: OwnerForecast;
    if (!current) forecast = { amount: actual, method: "The month is over: forecast equals actual." };
    else if (!owner && outlook?.available) forecast = { amount: Math.max(actual, outlook.monthEnd.amount), method: outlook.method };
    else forecast = ownerForecast(actual, outlook, progress);
    return {
      id: budget.id,
      scope: { kind: budget.scopeKind, id: budget.scopeId },
      name: owner ? (ownerName(directory, owner) ?? "(removed)") : args.tenantName,
      month: args.month,
      monthlyLimit: limit,
      thresholds: budget.thresholds,
      alertOnActual: budget.alertOnActual,
      alertOnForecast: budget.alertOnForecast,
      channelIds: budget.channelIds,
      actual,
      forecast: forecast.amount,
      forecastMethod: forecast.method,
      pctActual: (actual / limit) * 100,
      pctForecast: forecast.amount === null ? null : (forecast.amount / limit) * 100,
      alerts: fired.filter((f) => f.budgetId === budget.id).map((f) => ({ threshold: f.threshold, basis: f.basis, firedAt: f.firedAt, amount: Number(f.amount) })),
    };
  });
  const order = { tenant: 0, team: 1, user: 2 } as const;
  statuses.sort((a, b) => order[a.scope.kind] - order[b.scope.kind] || a.name.localeCompare(b.name));
  return { month: args.month, current, directory, allocation, outlook, statuses };
}

/** Whether the actor may see a budget: admins all; others their own, their teams' and the workspace's. */
export function visibleTo(ctx: Pick<TenantContext, "actor">, directory: Directory, scope: { kind: Budget["scopeKind"]; id: string }): boolean {
  if (isAdmin(ctx) || scope.kind === "tenant") return true;
  if (scope.kind === "user") return scope.id === ctx.actor.userId;
  return directory.teams.some((t) => t.id === scope.id && t.memberIds.includes(ctx.actor.userId));
}

/** Budgets with actual and forecast spend for a month ("YYYY-MM"), those the actor may see. */
export async function budgetsFor({ ctx, month, now = new Date() }: { ctx: TenantContext; month: string; now?: Date }): Promise<BudgetStatus[]> {
  const m = parseInput(MonthInput, month);
  const picture = await withTenant(ctx.tenant.id, (tx) => loadMonthPicture(tx, { tenantId: ctx.tenant.id, tenantName: ctx.tenant.name, month: m, now }), { db: ctx.db, userId: ctx.actor.userId });
  return picture.statuses.filter((s) => visibleTo(ctx, picture.directory, s.scope));
}

/** The whole month picture for pages (people, teams, budgets), filtered to what the actor may see. */
export async function monthPictureFor({ ctx, month, now = new Date() }: { ctx: TenantContext; month: string; now?: Date }): Promise<MonthPicture> {
  const m = parseInput(MonthInput, month);
  const picture = await withTenant(ctx.tenant.id, (tx) => loadMonthPicture(tx, { tenantId: ctx.tenant.id, tenantName: ctx.tenant.name, month: m, now }), { db: ctx.db, userId: ctx.actor.userId });
  if (isAdmin(ctx)) return picture;
  const mine = (o: { kind: "user" | "team" | "cost_center"; id: string } | null): boolean =>
    o !== null && (o.kind === "user" || o.kind === "team") && visibleTo(ctx, picture.directory, { kind: o.kind, id: o.id });
  return {
    ...picture,
    statuses: picture.statuses.filter((s) => visibleTo(ctx, picture.directory, s.scope)),
    allocation: { ...picture.allocation, owners: picture.allocation.owners.filter((o) => mine(o.owner)), resources: picture.allocation.resources.filter((r) => mine(r.owner)) },
  };
}

export type OwnerMonth = {
  picture: MonthPicture;
  row: CostAllocation["owners"][number] | undefined;
  resources: CostAllocation["resources"];
  status: BudgetStatus | undefined;
  forecast: OwnerForecast;
};

/**
 * One person's or team's month for its cost page: allocated spend, resources, budget status and
 * forecast; null when the owner does not exist or the actor may not see it.
 */
export async function ownerMonthFor({ ctx, owner, month, now = new Date() }: { ctx: TenantContext; owner: { kind: "user" | "team"; id: string }; month: string; now?: Date }): Promise<OwnerMonth | null> {
  const picture = await monthPictureFor({ ctx, month, now });
  const exists = owner.kind === "user" ? picture.directory.members.some((m) => m.userId === owner.id) : picture.directory.teams.some((t) => t.id === owner.id);
  if (!exists || !visibleTo(ctx, picture.directory, owner)) return null;
  const key = ownerKey(owner);
  const row = picture.allocation.owners.find((o) => ownerKey(o.owner) === key);
  const status = picture.statuses.find((s) => s.scope.kind === owner.kind && s.scope.id === owner.id);
  const { from, to, end } = monthWindow(picture.month, now);
  const forecast = status ? { amount: status.forecast, method: status.forecastMethod } : ownerForecast(row?.total ?? 0, picture.outlook, monthProgress(from, to, end));
  return { picture, row, resources: picture.allocation.resources.filter((r) => ownerKey(r.owner) === key), status, forecast };
}
