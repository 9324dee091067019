import { notFound } from "next/navigation";
import { CostNav } from "@/components/allocation/cost-nav";
import { OwnerCosts } from "@/components/allocation/owner-costs";
import { currentMonth, isAdmin, monthProgress, monthWindow, ownerKey } from "@/lib/allocation";
import { requireMember } from "@/lib/auth/guard";
import { monthPictureFor, ownerForecast, visibleTo } from "@/lib/budgets";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const metadata = { title: "Costs of a person" };

export default async function PersonPage({ params }: { params: Promise<{ tenant: string; userId: string }> }) {
  const { tenant, userId } = await params;
  const ctx = await requireMember(tenant);
  if (!UUID.test(userId)) notFound();
  const now = new Date();
  const month = currentMonth(now);
  const picture = await monthPictureFor({ ctx, month, now });
  const person = picture.directory.members.find((m) => m.userId === userId);
  if (!person || !visibleTo(ctx, picture.directory, { kind: "user", id: userId })) notFound();
  const key = ownerKey({ kind: "user", id: userId });
  const row = picture.allocation.owners.find((o) => ownerKey(o.owner) === key);
  const status = picture.statuses.find((s) => s.scope.kind === "user" && s.scope.id === userId);
  const { from, to, end } = monthWindow(month, now);
  const forecast = status ? { amount: status.forecast, method: status.forecastMethod } : ownerForecast(row?.total ?? 0, picture.outlook, monthProgress(from, to, end));
  const teams = picture.directory.teams.filter((t) => t.memberIds.includes(userId));
  const self = userId === ctx.actor.userId;
  return (
    <div className="max-w-5xl">
      <CostNav current={self ? "/people" : "/people"} />
      <h1 className="text-2xl font-bold">{self ? "My costs" : person.name}</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        {person.email} · {person.role}
        {teams.length ? ` · teams: ${teams.map((t) => t.name).join(", ")}` : ""} · {month}
      </p>
      <OwnerCosts
        name={person.name}
        month={month}
        row={row}
        resources={picture.allocation.resources.filter((r) => ownerKey(r.owner) === key)}
        status={status}
        forecast={forecast}
        method={picture.allocation.method}
        budgetScope={isAdmin(ctx) || self ? `user:${userId}` : null}
      />
    </div>
  );
}
