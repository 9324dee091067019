import type { Transition } from "@/lib/alerts/alert-queries";
import { StateBadge, utc } from "./format";

/** State transitions, newest first, with the values behind each. */
export function HistoryTable({ transitions, showRule = true }: { transitions: Transition[]; showRule?: boolean }) {
  if (transitions.length === 0) return <p className="text-sm text-slate-500">No state changes yet. Rules are evaluated every minute.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Alert history">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            <th className="py-2 pr-3">When</th>
            {showRule ? <th className="py-2 pr-3">Rule</th> : null}
            <th className="py-2 pr-3">Resource</th>
            <th className="py-2 pr-3">Change</th>
            <th className="py-2">Why</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {transitions.map((t) => (
            <tr key={t.id} className="align-top">
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600">{utc(t.at)}</td>
              {showRule ? <td className="py-2 pr-3">{t.ruleName ?? <span className="text-slate-400">deleted rule</span>}</td> : null}
              <td className="py-2 pr-3 font-mono text-xs">{t.resourceId}</td>
              <td className="whitespace-nowrap py-2 pr-3">
                <StateBadge state={t.from} /> → <StateBadge state={t.to} />
                {t.muted ? <span className="ml-1 text-xs text-slate-500">(muted)</span> : null}
              </td>
              <td className="py-2 text-xs text-slate-600">{t.summary.join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
