import Link from "next/link";
import { redirect } from "next/navigation";
import { CostNav } from "@/components/allocation/cost-nav";
import { pct, usd } from "@/components/budgets/money";
import { Card } from "@/components/ui";
import { currentMonth, isAdmin, monthProgress, monthWindow, ownerKey } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { monthPictureFor, ownerForecast } from "@/lib/budgets";

export const metadata = { title: "People" };

/** Admins: every member's spend, forecast and budget with totals. Others go to their own page. */
export default async function PeoplePage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  if (!isAdmin(ctx)) redirect(`/people/${ctx.actor.userId}`);
  const now = new Date();
  const month = currentMonth(now);
  const picture = await monthPictureFor({ ctx, month, now });
  const { from, to, end } = monthWindow(month, now);
  const progress = monthProgress(from, to, end);
  const rows = picture.directory.members.map((m) => {
    const row = picture.allocation.owners.find((o) => ownerKey(o.owner) === ownerKey({ kind: "user", id: m.userId }));
    const status = picture.statuses.find((s) => s.scope.kind === "user" && s.scope.id === m.userId);
    const forecast = status?.forecast ?? ownerForecast(row?.total ?? 0, picture.outlook, progress).amount;
    return { m, total: row?.total ?? 0, resources: row?.resources ?? 0, forecast, status };
  });
  const sum = (f: (r: (typeof rows)[number]) => number | null | undefined) => rows.reduce((a, r) => a + (f(r) ?? 0), 0);
  return (
    <div className="max-w-5xl">
      <CostNav current="/people" />
      <h1 className="text-2xl font-bold">People</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">Spend per person in {month}: what they own directly or by tag rule. Teams, cost centers and unassigned spend are on the budgets page.</p>
      <Card>
        <table className="min-w-full text-sm" aria-label="All users">
          <thead className="text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="py-2">Person</th>
              <th className="py-2 text-right">Resources</th>
              <th className="py-2 text-right">Month to date</th>
              <th className="py-2 text-right">Forecast</th>
              <th className="py-2 text-right">Budget</th>
              <th className="py-2 text-right">Used</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((r) => (
              <tr key={r.m.userId}>
                <td className="py-2">
                  <Link href={`/people/${r.m.userId}`} className="font-medium text-brand-700 hover:underline">
                    {r.m.name}
                  </Link>
                  <span className="block text-xs text-slate-500">{r.m.email}</span>
                </td>
                <td className="py-2 text-right">{r.resources}</td>
                <td className="py-2 text-right">{usd(r.total)}</td>
                <td className="py-2 text-right">{usd(r.forecast)}</td>
                <td className="py-2 text-right">{r.status ? usd(r.status.monthlyLimit) : "—"}</td>
                <td className="py-2 text-right">{r.status ? pct(r.status.pctActual) : "—"}</td>
              </tr>
            ))}
          </tbody>
          <tfoot className="border-t-2 border-slate-200 font-semibold">
            <tr>
              <td className="py-2">All people</td>
              <td className="py-2 text-right">{sum((r) => r.resources)}</td>
              <td className="py-2 text-right">{usd(sum((r) => r.total))}</td>
              <td className="py-2 text-right">{usd(sum((r) => r.forecast))}</td>
              <td className="py-2 text-right">{usd(sum((r) => r.status?.monthlyLimit))}</td>
              <td />
            </tr>
            <tr className="font-normal text-slate-600">
              <td className="py-2">Unassigned</td>
              <td className="py-2 text-right">{picture.allocation.unassigned.resources}</td>
              <td className="py-2 text-right">{usd(picture.allocation.unassigned.total)}</td>
              <td colSpan={3} />
            </tr>
            <tr className="font-normal text-slate-600">
              <td className="py-2">Workspace total</td>
              <td />
              <td className="py-2 text-right">{usd(picture.allocation.total)}</td>
              <td colSpan={3} />
            </tr>
          </tfoot>
        </table>
      </Card>
    </div>
  );
}
