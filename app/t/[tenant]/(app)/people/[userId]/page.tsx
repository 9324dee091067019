import { notFound } from "next/navigation";
import { CostNav } from "@/components/allocation/cost-nav";
import { OwnerCosts } from "@/components/allocation/owner-costs";
import { currentMonth, isAdmin } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { ownerMonthFor } from "@/lib/budgets";
import { isUuid } from "@/lib/http";


export const metadata = { title: "Costs of a person" };

export default async function PersonPage({ params }: { params: Promise<{ tenant: string; userId: string }> }) {
  const { tenant, userId } = await params;
  const ctx = await requireMember(tenant);
  if (!isUuid(userId)) notFound();
  const month = currentMonth(new Date());
  const owned = await ownerMonthFor({ ctx, owner: { kind: "user", id: userId }, month });
  if (!owned) notFound();
  const { picture, row, resources, status, forecast } = owned;
  const person = picture.directory.members.find((m) => m.userId === userId)!;
  const teams = picture.directory.teams.filter((t) => t.memberIds.includes(userId));
  const self = userId === ctx.actor.userId;
  return (
    <div className="max-w-5xl">
      <CostNav current="/people" />
      <h1 className="text-2xl font-bold">{self ? "My costs" : person.name}</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        {person.email} · {person.role}
        {teams.length ? ` · teams: ${teams.map((t) => t.name).join(", ")}` : ""} · {month}
      </p>
      <OwnerCosts
        name={person.name}
        month={month}
        row={row}
        resources={resources}
        status={status}
        forecast={forecast}
        method={picture.allocation.method}
        budgetScope={isAdmin(ctx) || self ? `user:${userId}` : null}
      />
    </div>
  );
}
