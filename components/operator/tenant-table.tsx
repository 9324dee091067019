import Link from "next/link";
import type { TenantRow } from "@/lib/operator";

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "never");

export function TenantTable({ tenants }: { tenants: TenantRow[] }) {
  return (
    <table className="w-full text-left text-sm" aria-label="Tenants">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-2">Workspace</th>
          <th>Plan</th>
          <th>Status</th>
          <th>Created</th>
          <th>Last sync (UTC)</th>
          <th className="text-right">Members</th>
          <th className="text-right">AWS</th>
          <th className="text-right">Resources</th>
          <th className="text-right">Series</th>
          <th className="text-right">API keys</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {tenants.map((t) => (
          <tr key={t.id}>
            <td className="py-2">
              <Link href={`/tenants/${t.id}`} className="font-medium text-brand-700 hover:underline">
                {t.name}
              </Link>
              <div className="text-xs text-slate-500">{t.slug}</div>
            </td>
            <td>{t.plan}</td>
            <td>{t.status === "suspended" ? <span className="rounded bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800">suspended</span> : "active"}</td>
            <td>{t.createdAt.toISOString().slice(0, 10)}</td>
            <td>{day(t.lastSyncAt)}</td>
            <td className="text-right">{t.members}</td>
            <td className="text-right">{t.connections}</td>
            <td className="text-right">{t.resources}</td>
            <td className="text-right">{t.series}</td>
            <td className="text-right">{t.apiKeys}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
