import { Card, EmptyState } from "@/components/ui";
import { getDb } from "@/lib/db";
import { listUsersForOperator } from "@/lib/operator";

export const metadata = { title: "Users · Operator console" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const q = (await searchParams).q?.trim().slice(0, 100) || undefined;
  const users = await listUsersForOperator(getDb(), q);
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">Users</h1>
      <form method="get" className="flex items-end gap-3" aria-label="Search users">
        <label className="text-sm">
          <span className="block font-medium text-slate-700">Search users</span>
          <input name="q" defaultValue={q} placeholder="email or name" className="block rounded-md border border-slate-300 px-3 py-2" />
        </label>
        <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white">
          Search
        </button>
      </form>
      {users.length === 0 ? (
        <EmptyState title="No users match" />
      ) : (
        <Card>
          <table className="w-full text-left text-sm" aria-label="Users">
            <thead className="text-xs uppercase text-slate-500">
              <tr>
                <th className="py-2">Email</th>
                <th>Name</th>
                <th>Signed up</th>
                <th>Workspaces</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {users.map((u) => (
                <tr key={u.id}>
                  <td className="py-2">{u.email}</td>
                  <td>{u.name}</td>
                  <td>{u.createdAt.toISOString().slice(0, 10)}</td>
                  <td>{u.workspaces.map((w) => `${w.slug} (${w.role})`).join(", ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      )}
    </div>
  );
}
