import { notFound } from "next/navigation";
import { CostNav } from "@/components/allocation/cost-nav";
import { OwnerCosts } from "@/components/allocation/owner-costs";
import { AddTeamMemberForm } from "@/components/allocation/team-forms";
import { Card } from "@/components/ui";
import { currentMonth, isAdmin, monthProgress, monthWindow, ownerKey } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { monthPictureFor, ownerForecast, visibleTo } from "@/lib/budgets";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const ctx = await requireMember(tenant);
  if (!UUID.test(id)) notFound();
  const now = new Date();
  const month = currentMonth(now);
  const picture = await monthPictureFor({ ctx, month, now });
  const team = picture.directory.teams.find((t) => t.id === id);
  if (!team || !visibleTo(ctx, picture.directory, { kind: "team", id })) notFound();
  const key = ownerKey({ kind: "team", id });
  const row = picture.allocation.owners.find((o) => ownerKey(o.owner) === key);
  const status = picture.statuses.find((s) => s.scope.kind === "team" && s.scope.id === id);
  const { from, to, end } = monthWindow(month, now);
  const forecast = status ? { amount: status.forecast, method: status.forecastMethod } : ownerForecast(row?.total ?? 0, picture.outlook, monthProgress(from, to, end));
  const members = picture.directory.members.filter((m) => team.memberIds.includes(m.userId));
  const others = picture.directory.members.filter((m) => !team.memberIds.includes(m.userId)).map((m) => ({ value: m.userId, label: m.name }));
  return (
    <div className="max-w-5xl space-y-6">
      <CostNav current="/teams" />
      <div>
        <h1 className="text-2xl font-bold">Team {team.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Members: {members.map((m) => m.name).join(", ") || "nobody yet"} · {month}</p>
      </div>
      {isAdmin(ctx) ? (
        <Card>
          <AddTeamMemberForm teamId={team.id} teamName={team.name} people={others} />
        </Card>
      ) : null}
      <OwnerCosts
        name={team.name}
        month={month}
        row={row}
        resources={picture.allocation.resources.filter((r) => ownerKey(r.owner) === key)}
        status={status}
        forecast={forecast}
        method={picture.allocation.method}
        budgetScope={isAdmin(ctx) ? `team:${id}` : null}
      />
    </div>
  );
}
