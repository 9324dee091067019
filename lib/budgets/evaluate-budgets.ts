import { and, eq, isNull, sql } from "drizzle-orm";
import { currentMonth, loadDirectory, ownerName } from "@/lib/allocation";
import { recordAudit } from "@/lib/audit";
import { schema, withTenant, type Db, type Tx } from "@/lib/db";
import { logger } from "@/lib/log";
import type { Mailer } from "@/lib/mail";
import { enqueueNotifications, type AlertMessage } from "@/lib/notify";
import { loadMonthPicture, type BudgetStatus, type MonthPicture } from "./budget-status";
import { preferencesOf, type CostPreferences } from "./preferences";

/*
 * Budget alerts. Each check computes every budget's actual and forecast spend; a threshold that is
 * reached inserts a budget_alerts row keyed (budget, month, threshold, basis) — a threshold that
 * already fired this month inserts nothing, so alerts go out once per threshold per month however
 * often the check runs. The same transaction queues the budget's channels through the alert
 * outbox (idempotency key per alert and channel). Email to the people concerned is sent after the
 * commit and marked sent; a failed send is retried by the next check (at-least-once).
 */
export type BudgetDeps = { mailer: Mailer; origin: { appDomain: string; protocol: string } };
export type BudgetCheck = { fired: number; emailed: number };

const sqlLock = (tenantId: string) => sql`select pg_advisory_xact_lock(hashtext(${`budgets:${tenantId}`}))`;

type Fired = { status: BudgetStatus; threshold: number; basis: "actual" | "forecast"; amount: number };

function reached(status: BudgetStatus, prefs: Map<string, CostPreferences>): Fired[] {
  const own = status.scope.kind === "user" ? prefs.get(status.scope.id)?.thresholds : null;
  const thresholds = [...new Set([...status.thresholds, ...(own ?? [])])];
  const out: Fired[] = [];
  for (const t of thresholds) {
    if (status.alertOnActual && status.pctActual >= t) out.push({ status, threshold: t, basis: "actual", amount: status.actual });
    if (status.alertOnForecast && status.pctForecast !== null && status.pctForecast >= t) out.push({ status, threshold: t, basis: "forecast", amount: status.forecast ?? 0 });
  }
  return out;
}

/** The people an alert is for: the budget's person or team (by their preferences), and admins once 100 % is passed. */
function recipients(f: Fired, picture: MonthPicture, prefs: Map<string, CostPreferences>): string[] {
  const { members, teams } = picture.directory;
  const admins = members.filter((m) => m.role === "owner" || m.role === "admin").map((m) => m.userId);
  const SUBJECTS: Record<BudgetStatus["scope"]["kind"], () => string[]> = {
    user: () => [f.status.scope.id],
    team: () => teams.find((t) => t.id === f.status.scope.id)?.memberIds ?? [],
    tenant: () => admins,
  };
  const wants = (userId: string) => {
    const p = prefs.get(userId);
    // Own thresholds replace the budget's for that person's email.
    return !p || (p.budgetAlerts && (p.thresholds === null || p.thresholds.includes(f.threshold)));
  };
  const ids = new Set(SUBJECTS[f.status.scope.kind]().filter(wants));
  if (f.basis === "actual" && f.threshold >= 100) for (const a of admins) ids.add(a);
  return members.filter((m) => ids.has(m.userId)).map((m) => m.email);
}

const usd = (n: number) => `$${n.toFixed(2)}`;

export function alertSubject(f: { name: string; threshold: number; basis: "actual" | "forecast" }): string {
  return f.basis === "actual" ? `Budget alert: ${f.name} reached ${f.threshold}% of its monthly budget` : `Budget alert: ${f.name} is forecast to reach ${f.threshold}% of its monthly budget`;
}

function message(f: Fired, workspace: { slug: string; name: string }, link: string, now: Date): AlertMessage {
  const s = f.status;
  return {
    kind: "firing",
    workspace,
    rule: { id: s.id, name: `Budget ${s.name}`, severity: f.threshold >= 100 ? "critical" : "warning" },
    resource: { kind: "budget", id: s.id, name: s.name },
    details: [`Actual ${usd(s.actual)} of ${usd(s.monthlyLimit)} (${s.pctActual.toFixed(0)} %)`, `Forecast month end ${s.forecast === null ? "—" : usd(s.forecast)}`],
    summary: alertSubject({ name: s.name, threshold: f.threshold, basis: f.basis }),
    since: now.toISOString(),
    at: now.toISOString(),
    link,
    dedupKey: `budget-${s.id}-${s.month}-${f.threshold}-${f.basis}`,
  };
}

async function recordFired(tx: Tx, tenantId: string, picture: MonthPicture, deps: BudgetDeps, now: Date): Promise<number> {
  const [tenant] = await tx.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId));
  if (!tenant) return 0;
  const prefs = await preferencesOf(tx, tenantId);
  const monthDay = `${picture.month}-01`;
  const link = `${deps.origin.protocol}://${tenant.slug}.${deps.origin.appDomain}/budgets`;
  let fired = 0;
  for (const f of picture.statuses.flatMap((s) => reached(s, prefs))) {
    const to = recipients(f, picture, prefs);
    const [row] = await tx
      .insert(schema.budgetAlerts)
      .values({ tenantId, budgetId: f.status.id, month: monthDay, threshold: f.threshold, basis: f.basis, amount: f.amount.toFixed(2), monthlyLimit: f.status.monthlyLimit.toFixed(2), recipients: to, firedAt: now, ...(to.length ? {} : { emailedAt: now }) })
      .onConflictDoNothing()
      .returning();
    if (!row) continue;
    fired++;
    const msg = message(f, { slug: tenant.slug, name: tenant.name }, link, now);
    await enqueueNotifications(
      tx,
      tenantId,
      f.status.channelIds.map((channelId) => ({ idempotencyKey: `budget:${f.status.id}:${picture.month}:${f.threshold}:${f.basis}:${channelId}`, channelId, ruleId: f.status.id, resourceId: `budget:${f.status.id}`, kind: "firing" as const, message: msg })),
      now,
    );
    await recordAudit(tx, { tenantId, action: "budget.threshold_reached", target: f.status.id, data: { month: picture.month, threshold: f.threshold, basis: f.basis, amount: f.amount, limit: f.status.monthlyLimit, recipients: to } });
  }
  return fired;
}

async function sendPendingEmails(db: Db, tenantId: string, deps: BudgetDeps, now: Date): Promise<number> {
  const pending = await withTenant(tenantId, (tx) => tx.select().from(schema.budgetAlerts).where(and(eq(schema.budgetAlerts.tenantId, tenantId), isNull(schema.budgetAlerts.emailedAt))), { db });
  if (!pending.length) return 0;
  const names = await withTenant(
    tenantId,
    async (tx) => {
      const directory = await loadDirectory(tx, tenantId);
      const [tenant] = await tx.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId));
      const rows = await tx.select().from(schema.budgets).where(eq(schema.budgets.tenantId, tenantId));
      const name = (b: (typeof rows)[number]) => (b.scopeKind === "tenant" ? (tenant?.name ?? "Workspace") : (ownerName(directory, { kind: b.scopeKind, id: b.scopeId }) ?? "(removed)"));
      return { byId: new Map(rows.map((b) => [b.id, name(b)])), slug: tenant?.slug ?? "" };
    },
    { db },
  );
  let sent = 0;
  for (const alert of pending) {
    const name = names.byId.get(alert.budgetId) ?? "A budget";
    const subject = alertSubject({ name, threshold: alert.threshold, basis: alert.basis });
    const text = [
      subject,
      "",
      `${alert.basis === "actual" ? "Spend so far" : "Forecast month-end spend"} in ${alert.month.slice(0, 7)}: $${Number(alert.amount).toFixed(2)} of a $${Number(alert.monthlyLimit).toFixed(2)} monthly budget.`,
      "",
      `Budgets: ${deps.origin.protocol}://${names.slug}.${deps.origin.appDomain}/budgets`,
      "You can turn budget alerts off or choose your own thresholds under Settings → Preferences.",
    ].join("\n");
    try {
      await deps.mailer.send({ to: alert.recipients, subject, text });
    } catch (error) {
      logger.warn({ err: error, tenantId, budgetId: alert.budgetId }, "budget alert email failed; retried on the next check");
      continue;
    }
    await withTenant(
      tenantId,
      (tx) =>
        tx
          .update(schema.budgetAlerts)
          .set({ emailedAt: now })
          .where(and(eq(schema.budgetAlerts.tenantId, tenantId), eq(schema.budgetAlerts.budgetId, alert.budgetId), eq(schema.budgetAlerts.month, alert.month), eq(schema.budgetAlerts.threshold, alert.threshold), eq(schema.budgetAlerts.basis, alert.basis))),
      { db },
    );
    sent++;
  }
  return sent;
}

/** One budget check of a tenant (the worker runs it every 15 minutes). */
export async function evaluateBudgets({ db, tenantId, deps, now = new Date() }: { db: Db; tenantId: string; deps: BudgetDeps; now?: Date }): Promise<BudgetCheck> {
  const fired = await withTenant(
    tenantId,
    async (tx) => {
      // One check at a time per tenant: two workers racing would still insert each alert once
      // (primary key), but this keeps the outbox and audit free of interleaving.
      await tx.execute(sqlLock(tenantId));
      const [tenant] = await tx.select({ name: schema.tenants.name }).from(schema.tenants).where(eq(schema.tenants.id, tenantId));
      const picture = await loadMonthPicture(tx, { tenantId, tenantName: tenant?.name ?? "Workspace", month: currentMonth(now), now });
      return recordFired(tx, tenantId, picture, deps, now);
    },
    { db },
  );
  const emailed = await sendPendingEmails(db, tenantId, deps, now);
  return { fired, emailed };
}
