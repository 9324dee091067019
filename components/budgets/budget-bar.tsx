import type { BudgetStatus } from "@/lib/budgets";
import { pct, usd } from "./money";

/** Budget vs actual vs forecast as one bar: solid = spent, light = forecast, the line = the limit. */
export function BudgetBar({ status }: { status: BudgetStatus }) {
  const scale = Math.max(status.monthlyLimit, status.forecast ?? 0, status.actual) || 1;
  const w = (n: number) => `${Math.min(100, (n / scale) * 100)}%`;
  const over = status.actual >= status.monthlyLimit;
  const forecastOver = (status.forecast ?? 0) >= status.monthlyLimit;
  return (
    <div className="space-y-2">
      <div className="relative h-3 overflow-hidden rounded bg-slate-100" aria-hidden>
        {status.forecast !== null ? <div className={`absolute inset-y-0 left-0 ${forecastOver ? "bg-amber-200" : "bg-brand-100"}`} style={{ width: w(status.forecast) }} /> : null}
        <div className={`absolute inset-y-0 left-0 ${over ? "bg-red-500" : "bg-brand-600"}`} style={{ width: w(status.actual) }} />
        <div className="absolute inset-y-0 w-0.5 bg-slate-900" style={{ left: w(status.monthlyLimit) }} />
      </div>
      <dl className="grid grid-cols-3 gap-2 text-sm">
        <div>
          <dt className="text-xs text-slate-500">Budget</dt>
          <dd className="font-medium">{usd(status.monthlyLimit)}</dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Actual</dt>
          <dd className={`font-medium ${over ? "text-red-700" : ""}`}>
            {usd(status.actual)} <span className="text-xs text-slate-500">({pct(status.pctActual)})</span>
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-500">Forecast</dt>
          <dd className={`font-medium ${forecastOver ? "text-amber-700" : ""}`}>
            {usd(status.forecast)} <span className="text-xs text-slate-500">({pct(status.pctForecast)})</span>
          </dd>
        </div>
      </dl>
      {status.alerts.length ? (
        <p className="text-xs text-slate-500">
          Alerts sent this month: {status.alerts.map((a) => `${a.threshold} % ${a.basis}`).join(", ")}
        </p>
      ) : null}
    </div>
  );
}
