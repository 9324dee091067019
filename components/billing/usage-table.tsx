import type { UsageRow } from "@/lib/billing";

function Badge({ row }: { row: UsageRow }) {
  if (row.over) return <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700">Over limit</span>;
  if (row.atLimit && row.used !== null && row.used > 0) return <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">At limit</span>;
  return null;
}

/** Usage against each limit of the plan in force: "1 of 1 AWS accounts". */
export function UsageTable({ usage }: { usage: UsageRow[] }) {
  return (
    <table className="w-full text-left text-sm" aria-label="Plan usage">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2 pr-4">Limit</th>
          <th className="py-2 pr-4">Usage</th>
          <th className="py-2">
            <span className="sr-only">State</span>
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {usage.map((row) => (
          <tr key={row.key}>
            <th scope="row" className="py-2 pr-4 font-medium text-slate-700">
              {row.label}
            </th>
            <td className="py-2 pr-4">{row.summary}</td>
            <td className="py-2 text-right">
              <Badge row={row} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
