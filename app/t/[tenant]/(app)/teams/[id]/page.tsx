import { notFound } from "next/navigation";
import { CostNav } from "@/components/allocation/cost-nav";
import { OwnerCosts } from "@/components/allocation/owner-costs";
import { AddTeamMemberForm } from "@/components/allocation/team-forms";
import { Card } from "@/components/ui";
import { currentMonth, isAdmin } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { ownerMonthFor } from "@/lib/budgets";
import { isUuid } from "@/lib/http";


export const metadata = { title: "Team" };

export default async function TeamPage({ params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant, id } = await params;
  const ctx = await requireMember(tenant);
  if (!isUuid(id)) notFound();
  const month = currentMonth(new Date());
  const owned = await ownerMonthFor({ ctx, owner: { kind: "team", id }, month });
  if (!owned) notFound();
  const { picture, row, resources, status, forecast } = owned;
  const team = picture.directory.teams.find((t) => t.id === id)!;
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
        resources={resources}
        status={status}
        forecast={forecast}
        method={picture.allocation.method}
        budgetScope={isAdmin(ctx) ? `team:${id}` : null}
      />
    </div>
  );
}
