import Link from "next/link";
import { CostNav } from "@/components/allocation/cost-nav";
import { BudgetBar } from "@/components/budgets/budget-bar";
import { BudgetForm, type ScopeOption } from "@/components/budgets/budget-form";
import { usd } from "@/components/budgets/money";
import { Card, EmptyState } from "@/components/ui";
import { currentMonth, isAdmin, ownerKey } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { monthPictureFor } from "@/lib/budgets";
import { listChannels } from "@/lib/notify";
import { can } from "@/lib/team/permissions";

export const metadata = { title: "Budgets" };

const SCOPE_LABEL = { tenant: "Workspace", team: "Team", user: "Person" } as const;

export default async function BudgetsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const now = new Date();
  const month = currentMonth(now);
  const picture = await monthPictureFor({ ctx, month, now });
  const admin = isAdmin(ctx);
  const channels = admin ? (await listChannels(ctx)).map((c) => ({ id: c.id, name: c.name, type: c.type })) : [];
  const { allocation, outlook, statuses, directory } = picture;
  const scopes: ScopeOption[] = admin
    ? [
        { value: "tenant", label: `Workspace (${ctx.tenant.name})` },
        ...directory.teams.map((t) => ({ value: `team:${t.id}`, label: `Team ${t.name}` })),
        ...directory.members.map((m) => ({ value: `user:${m.userId}`, label: m.name })),
      ]
    : [{ value: `user:${ctx.actor.userId}`, label: `Me (${ctx.actor.name})` }];
  const link = (kind: string, id: string) => (kind === "user" ? `/people/${id}` : kind === "team" ? `/teams/${id}` : null);
  return (
    <div className="max-w-5xl space-y-6">
      <CostNav current="/budgets" />
      <div>
        <h1 className="text-2xl font-bold">Budgets</h1>
        <p className="mt-1 text-sm text-slate-600">
          {month}: {usd(allocation.total)} spent so far
          {outlook?.available ? `, ${usd(outlook.monthEnd.amount)} forecast by month end (${usd(outlook.monthEnd.low)}–${usd(outlook.monthEnd.high)})` : ""}.
        </p>
      </div>

      {statuses.length === 0 ? (
        <EmptyState title="No budgets yet">Set a monthly limit for the workspace, a team or a person; Monitr alerts at each threshold once a month, on actual and on forecast spend.</EmptyState>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {statuses.map((s) => {
            const href = link(s.scope.kind, s.scope.id);
            return (
              <Card key={s.id} title={href ? <Link href={href} className="hover:underline">{`${SCOPE_LABEL[s.scope.kind]}: ${s.name}`}</Link> : `${SCOPE_LABEL[s.scope.kind]}: ${s.name}`}>
                <BudgetBar status={s} />
                <p className="mt-2 text-xs text-slate-500">Thresholds {s.thresholds.join(" / ")} % · {s.forecastMethod}</p>
              </Card>
            );
          })}
        </div>
      )}

      {can(ctx.actor.role, "budgets.edit") ? (
        <Card title="Set a budget">
          <BudgetForm scopes={scopes} channels={channels} />
        </Card>
      ) : null}

      <Card title={admin ? "Spend by owner (all users)" : "My spend"}>
        <table className="min-w-full text-sm" aria-label="Spend by owner">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2">Owner</th>
              <th className="py-2 text-right">Resources</th>
              <th className="py-2 text-right">Resource-level</th>
              <th className="py-2 text-right">By tag</th>
              <th className="py-2 text-right">Total</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {allocation.owners.map((o) => {
              const href = link(o.owner.kind, o.owner.id);
              return (
                <tr key={ownerKey(o.owner)}>
                  <td className="py-2">
                    {href ? (
                      <Link href={href} className="text-brand-700 hover:underline">
                        {o.name}
                      </Link>
                    ) : (
                      o.name
                    )}
                    <span className="ml-2 text-xs text-slate-500">{o.owner.kind === "cost_center" ? "cost center" : o.owner.kind === "user" ? "person" : "team"}</span>
                  </td>
                  <td className="py-2 text-right">{o.resources}</td>
                  <td className="py-2 text-right">{usd(o.direct)}</td>
                  <td className="py-2 text-right">{usd(o.tagBased)}</td>
                  <td className="py-2 text-right font-medium">{usd(o.total)}</td>
                </tr>
              );
            })}
            <tr>
              <td className="py-2 italic">Unassigned</td>
              <td className="py-2 text-right">{allocation.unassigned.resources}</td>
              <td className="py-2 text-right">{usd(allocation.unassigned.direct)}</td>
              <td className="py-2 text-right">{usd(allocation.unassigned.tagBased)}</td>
              <td className="py-2 text-right font-medium">{usd(allocation.unassigned.total)}</td>
            </tr>
          </tbody>
          <tfoot className="border-t-2 border-slate-200 font-semibold">
            <tr>
              <td className="py-2">Workspace total</td>
              <td />
              <td className="py-2 text-right">{usd(allocation.directTotal)}</td>
              <td />
              <td className="py-2 text-right">{usd(allocation.total)}</td>
            </tr>
          </tfoot>
        </table>
        <p className="mt-4 text-xs text-slate-500">
          <strong>Method.</strong> {allocation.method}
          {allocation.tagKey ? ` Tag used: ${allocation.tagKey}.` : " No tag rules yet, so nothing is split by tag."}
        </p>
      </Card>
    </div>
  );
}
