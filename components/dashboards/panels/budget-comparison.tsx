import Link from "next/link";
import { BudgetBar } from "@/components/budgets/budget-bar";
import { formatMoney } from "@/components/charts/format";
import type { WorkspaceBudget } from "@/lib/dashboards/panels/types";

function Others({ count }: { count: number }) {
  if (count === 0) return null;
  return (
    <>
      {" "}
      {count} team and person budget{count === 1 ? "" : "s"} on the{" "}
      <Link href="/budgets" className="font-medium text-brand-700 hover:underline">
        Budgets page
      </Link>
      .
    </>
  );
}

/** The workspace budget of this month as lib/budgets computes it: budget vs actual vs forecast (the Costs dashboard). */
export function BudgetComparison({ budget }: { budget: WorkspaceBudget }) {
  if (budget.kind === "past-view") {
    return (
      <p className="text-xs text-amber-800" data-testid="budget-past-view">
        {budget.message}
      </p>
    );
  }
  if (budget.kind === "none") {
    return (
      <p className="text-sm text-slate-500" data-testid="workspace-budget">
        No workspace budget for {budget.month}.{" "}
        <Link href="/budgets" className="font-medium text-brand-700 hover:underline">
          Set one
        </Link>
        .<Others count={budget.others} />
      </p>
    );
  }
  return (
    <div className="space-y-1" data-testid="workspace-budget" aria-label={`Workspace budget for ${budget.month}`}>
      <p className="text-xs font-medium text-slate-600">Workspace budget, {budget.month}</p>
      <BudgetBar status={budget.status} />
      <p className="text-xs text-slate-500">
        {budget.status.forecastMethod}
        <Others count={budget.others} />
      </p>
    </div>
  );
}

/** One line for the overview tile: month to date against the workspace budget. */
export function BudgetLine({ budget, currency }: { budget: WorkspaceBudget; currency: string }) {
  if (budget.kind === "past-view") return <p className="text-xs text-amber-800">No budget comparison in a past view: budgets keep no history.</p>;
  if (budget.kind === "none") {
    return (
      <p className="text-slate-500">
        No workspace budget.{" "}
        <Link href="/budgets" className="text-xs font-medium text-brand-700 hover:underline">
          Set one
        </Link>
      </p>
    );
  }
  const s = budget.status;
  return (
    <p className={s.actual >= s.monthlyLimit ? "text-red-700" : (s.forecast ?? 0) >= s.monthlyLimit ? "text-amber-700" : "text-slate-600"} data-testid="budget-line">
      {s.pctActual.toFixed(0)} % of the {formatMoney(s.monthlyLimit, currency, 0)} budget
      {s.pctForecast !== null ? `; forecast ${s.pctForecast.toFixed(0)} %` : ""}
    </p>
  );
}
