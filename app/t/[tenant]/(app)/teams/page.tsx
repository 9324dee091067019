import Link from "next/link";
import { CostNav } from "@/components/allocation/cost-nav";
import { ownerOptions } from "@/components/allocation/owner-options";
import { CreateTeamForm, RuleForm } from "@/components/allocation/team-forms";
import { usd } from "@/components/budgets/money";
import { Card, EmptyState } from "@/components/ui";
import { currentMonth, isAdmin, listRules, ownerKey, ownerName } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { monthPictureFor } from "@/lib/budgets";

export const metadata = { title: "Teams" };

export default async function TeamsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const ctx = await requireMember((await params).tenant);
  const now = new Date();
  const picture = await monthPictureFor({ ctx, month: currentMonth(now), now });
  const rules = await listRules(ctx);
  const admin = isAdmin(ctx);
  const { directory } = picture;
  const teams = admin ? directory.teams : directory.teams.filter((t) => t.memberIds.includes(ctx.actor.userId));
  return (
    <div className="max-w-5xl space-y-6">
      <CostNav current="/teams" />
      <h1 className="text-2xl font-bold">Teams</h1>
      {teams.length === 0 ? (
        <EmptyState title={admin ? "No teams yet" : "You are in no team"}>Teams are named groups of members that own resources and have budgets.</EmptyState>
      ) : (
        <Card>
          <table className="min-w-full text-sm" aria-label="Teams">
            <thead className="text-left text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">Team</th>
                <th className="py-2">Members</th>
                <th className="py-2 text-right">Resources</th>
                <th className="py-2 text-right">Month to date</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {teams.map((t) => {
                const row = picture.allocation.owners.find((o) => ownerKey(o.owner) === ownerKey({ kind: "team", id: t.id }));
                return (
                  <tr key={t.id}>
                    <td className="py-2">
                      <Link href={`/teams/${t.id}`} className="font-medium text-brand-700 hover:underline">
                        {t.name}
                      </Link>
                    </td>
                    <td className="py-2 text-slate-600">{t.memberIds.map((id) => directory.members.find((m) => m.userId === id)?.name).filter(Boolean).join(", ") || "—"}</td>
                    <td className="py-2 text-right">{row?.resources ?? 0}</td>
                    <td className="py-2 text-right">{usd(row?.total ?? 0)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </Card>
      )}
      {admin ? (
        <div className="grid gap-6 md:grid-cols-2">
          <Card title="New team">
            <CreateTeamForm />
          </Card>
          <Card title="Tag rules">
            <p className="mb-3 text-sm text-slate-600">A resource with the tag belongs to the owner unless it is assigned directly — including resources discovered later. The same tag splits the rest of the bill.</p>
            {rules.length ? (
              <ul className="mb-4 space-y-1 text-sm" aria-label="Tag rules">
                {rules.map((r) => (
                  <li key={r.id}>
                    <code>
                      {r.tagKey}={r.tagValue}
                    </code>{" "}
                    → {ownerName(directory, { kind: r.ownerKind, id: r.ownerId }) ?? "(removed)"}
                  </li>
                ))}
              </ul>
            ) : null}
            <RuleForm owners={ownerOptions(directory)} />
          </Card>
        </div>
      ) : null}
      <p className="text-sm">
        <Link href="/teams/assignments" className="text-brand-700 hover:underline">
          Resources &amp; owners →
        </Link>
      </p>
    </div>
  );
}
