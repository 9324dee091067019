import { and, eq } from "drizzle-orm";
import { currentMonth } from "@/lib/allocation";
import { topDrivers } from "@/lib/costs";
import { schema, withTenant, type Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { loadMonthPicture, visibleTo } from "./budget-status";
import type { BudgetDeps } from "./evaluate-budgets";
import { preferencesOf } from "./preferences";

/*
 * The cost digest: daily or weekly per person (Settings → Preferences). What changed (the last
 * complete period against the one before), the top drivers, and the budgets that person can see.
 * `last_digest_at` is written after the send, so a crash resends at most one digest.
 */
const DAY_MS = 86_400_000;
const PERIOD_DAYS = { daily: 1, weekly: 7 } as const;
/** Slack so a job that runs a little early the next day still sends. */
const DUE_SLACK_MS = 2 * 3_600_000;

const usd = (n: number) => `$${n.toFixed(2)}`;

export async function sendDigests({ db, tenantId, deps, now = new Date() }: { db: Db; tenantId: string; deps: BudgetDeps; now?: Date }): Promise<number> {
  const plan = await withTenant(
    tenantId,
    async (tx) => {
      const prefs = await preferencesOf(tx, tenantId);
      const due = [...prefs.entries()].filter(([, p]) => p.digest !== "off" && (!p.lastDigestAt || now.getTime() - p.lastDigestAt.getTime() >= PERIOD_DAYS[p.digest as "daily" | "weekly"] * DAY_MS - DUE_SLACK_MS));
      if (!due.length) return null;
      const [tenant] = await tx.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId));
      const picture = await loadMonthPicture(tx, { tenantId, tenantName: tenant?.name ?? "Workspace", month: currentMonth(now), now });
      const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
      const drivers = new Map<number, Awaited<ReturnType<typeof topDrivers>>>();
      for (const days of [1, 7]) drivers.set(days, await topDrivers(tx, { from: new Date(today - days * DAY_MS), to: new Date(today - DAY_MS), limit: 3 }));
      return { due, picture, drivers, tenant };
    },
    { db },
  );
  if (!plan) return 0;
  let sent = 0;
  for (const [userId, p] of plan.due) {
    const member = plan.picture.directory.members.find((m) => m.userId === userId);
    if (!member) continue;
    const days = PERIOD_DAYS[p.digest as "daily" | "weekly"];
    const drivers = plan.drivers.get(days) ?? [];
    const actor = { actor: { userId, role: member.role, email: member.email, name: member.name } };
    const budgets = plan.picture.statuses.filter((s) => visibleTo(actor, plan.picture.directory, s.scope));
    const period = days === 1 ? "yesterday" : "the last 7 days";
    const lines = [
      `Your ${p.digest} cost digest for ${plan.tenant?.name ?? "your workspace"}.`,
      "",
      `Month to date: ${usd(plan.picture.allocation.total)}${plan.picture.outlook?.available ? `; forecast month end ${usd(plan.picture.outlook.monthEnd.amount)}` : ""}.`,
      "",
      `What changed ${period} (vs the period before):`,
      ...(drivers.length ? drivers.map((d) => `• ${d.service}: ${usd(d.amount)} (${d.change >= 0 ? "+" : ""}${usd(d.change)})`) : ["• No spend recorded."]),
      "",
      "Budgets:",
      ...(budgets.length ? budgets.map((b) => `• ${b.name}: ${usd(b.actual)} of ${usd(b.monthlyLimit)} (${b.pctActual.toFixed(0)} %), forecast ${b.forecast === null ? "—" : usd(b.forecast)}`) : ["• No budgets yet."]),
      "",
      `Costs: ${deps.origin.protocol}://${plan.tenant?.slug}.${deps.origin.appDomain}/budgets`,
      "Change or stop this digest under Settings → Preferences.",
    ];
    try {
      await deps.mailer.send({ to: member.email, subject: `Your ${p.digest} cost digest: ${plan.tenant?.name ?? "Monitr"}`, text: lines.join("\n") });
    } catch (error) {
      logger.warn({ err: error, tenantId, userId }, "cost digest email failed; retried on the next run");
      continue;
    }
    await withTenant(tenantId, (tx) => tx.update(schema.costPreferences).set({ lastDigestAt: now }).where(and(eq(schema.costPreferences.tenantId, tenantId), eq(schema.costPreferences.userId, userId))), { db });
    sent++;
  }
  return sent;
}
