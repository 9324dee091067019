import { TenantTable } from "@/components/operator/tenant-table";
import { Card, EmptyState } from "@/components/ui";
import { getDb } from "@/lib/db";
import { listTenantsForOperator, TenantFilter } from "@/lib/operator";

export const metadata = { title: "Tenants · Operator console" };

const select = "block rounded-md border border-slate-300 px-2 py-2 text-sm";

export default async function TenantsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v || undefined]));
  const filter = TenantFilter.parse(raw);
  const tenants = await listTenantsForOperator(getDb(), filter);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Tenants</h1>
      <Card>
        <form method="get" className="flex flex-wrap items-end gap-4" aria-label="Filter tenants">
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Search</span>
            <input name="q" defaultValue={filter.q} placeholder="name, subdomain or id" className="block rounded-md border border-slate-300 px-3 py-2" />
          </label>
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Plan</span>
            <select name="plan" defaultValue={filter.plan ?? ""} className={select}>
              <option value="">any</option>
              <option value="free">Free</option>
              <option value="pro">Pro</option>
            </select>
          </label>
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Status</span>
            <select name="status" defaultValue={filter.status ?? ""} className={select}>
              <option value="">any</option>
              <option value="active">active</option>
              <option value="suspended">suspended</option>
            </select>
          </label>
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Created after</span>
            <input type="date" name="createdAfter" defaultValue={filter.createdAfter} className={select} />
          </label>
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Created before</span>
            <input type="date" name="createdBefore" defaultValue={filter.createdBefore} className={select} />
          </label>
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Not synced for (hours)</span>
            <input type="number" min={1} name="staleHours" defaultValue={filter.staleHours} className={`${select} w-28`} />
          </label>
          <label className="text-sm">
            <span className="block font-medium text-slate-700">Sort by</span>
            <select name="sort" defaultValue={filter.sort} className={select}>
              <option value="created">newest</option>
              <option value="usage">usage</option>
              <option value="last_sync">stalest sync</option>
              <option value="name">name</option>
            </select>
          </label>
          <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Apply
          </button>
        </form>
      </Card>
      {tenants.length === 0 ? (
        <EmptyState title="No tenants match">Change the filters above.</EmptyState>
      ) : (
        <Card title={`${tenants.length} tenant${tenants.length === 1 ? "" : "s"}${tenants.length === 200 ? " (first 200)" : ""}`}>
          <TenantTable tenants={tenants} />
        </Card>
      )}
    </div>
  );
}
