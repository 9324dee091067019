import { desc, eq } from "drizzle-orm";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, Notice } from "@/components/ui";
import { getDb, schema } from "@/lib/db";
import { listTenantMembers, listTenantsForOperator } from "@/lib/operator";

export const metadata = { title: "Tenant · Operator console" };

const input = "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";

export default async function TenantPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string; done?: string }> }) {
  const { id } = await params;
  const { error, done } = await searchParams;
  if (!/^[0-9a-f-]{36}$/i.test(id)) notFound();
  const db = getDb();
  const [tenant] = await listTenantsForOperator(db, { q: id, sort: "created" }, 1);
  if (!tenant || tenant.id !== id) notFound();
  const [members, history] = await Promise.all([
    listTenantMembers(db, id),
    db.select().from(schema.operatorAudit).where(eq(schema.operatorAudit.subjectTenantId, id)).orderBy(desc(schema.operatorAudit.id)).limit(20),
  ]);
  const suspended = tenant.status === "suspended";
  return (
    <div className="max-w-4xl space-y-6">
      <p className="text-sm">
        <Link href="/" className="text-brand-700 hover:underline">
          ← Tenants
        </Link>
      </p>
      <h1 className="text-2xl font-bold">
        {tenant.name} <span className="text-base font-normal text-slate-500">({tenant.slug})</span>
      </h1>
      {error ? <Notice tone="error">{error}</Notice> : null}
      {done ? <Notice tone="success">{done === "suspended" ? "The workspace is suspended." : "The workspace is active again."}</Notice> : null}
      <Card title="Overview">
        <dl className="grid grid-cols-3 gap-4 text-sm">
          <div><dt className="text-slate-500">Plan</dt><dd>{tenant.plan}</dd></div>
          <div><dt className="text-slate-500">Status</dt><dd data-testid="tenant-status">{tenant.status}</dd></div>
          <div><dt className="text-slate-500">Created</dt><dd>{tenant.createdAt.toISOString().slice(0, 10)}</dd></div>
          <div><dt className="text-slate-500">AWS connections</dt><dd>{tenant.connections}</dd></div>
          <div><dt className="text-slate-500">Resources</dt><dd>{tenant.resources}</dd></div>
          <div><dt className="text-slate-500">Metric series</dt><dd>{tenant.series}</dd></div>
          <div><dt className="text-slate-500">Last sync</dt><dd>{tenant.lastSyncAt?.toISOString() ?? "never"}</dd></div>
          <div><dt className="text-slate-500">API keys</dt><dd>{tenant.apiKeys}</dd></div>
        </dl>
      </Card>
      <Card title={suspended ? "Reactivate" : "Suspend"}>
        <form action={`/api/operator/tenants/${tenant.id}/status`} method="post" className="space-y-3">
          <input type="hidden" name="status" value={suspended ? "active" : "suspended"} />
          <label className="block text-sm">
            <span className="font-medium text-slate-700">Reason</span>
            <input name="reason" required={!suspended} className={input} placeholder={suspended ? "optional" : "e.g. unpaid invoice, abuse report #123"} />
          </label>
          <p className="text-xs text-slate-500">Suspended: users see a “suspended” page, API keys get 403, AWS collection stops. Data is kept.</p>
          <button type="submit" className={`rounded-md px-4 py-2 text-sm font-medium text-white ${suspended ? "bg-brand-600" : "bg-red-600"}`}>
            {suspended ? "Reactivate workspace" : "Suspend workspace"}
          </button>
        </form>
      </Card>
      <Card title="Support session (impersonation)">
        <form action={`/api/operator/tenants/${tenant.id}/impersonate`} method="post" className="space-y-3">
          <label className="block text-sm">
            <span className="font-medium text-slate-700">Reason</span>
            <input name="reason" required minLength={3} className={input} placeholder="Ticket #, what you need to look at" />
          </label>
          <label className="block text-sm">
            <span className="font-medium text-slate-700">Duration (minutes)</span>
            <input name="minutes" type="number" min={5} max={240} defaultValue={30} className={`${input} w-32`} />
          </label>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="elevated" /> Elevated (admin rights; read-only otherwise)
          </label>
          <p className="text-xs text-slate-500">Opens the workspace in a new session with a banner on every page; both audit logs record it.</p>
          <button type="submit" className="rounded-md bg-amber-600 px-4 py-2 text-sm font-medium text-white" disabled={suspended}>
            Open workspace as support
          </button>
        </form>
      </Card>
      <Card title={`Members (${members.length})`}>
        <ul className="divide-y divide-slate-100 text-sm" aria-label="Members">
          {members.map((m) => (
            <li key={m.userId} className="flex justify-between py-2">
              <span>{m.email} — {m.name}</span>
              <span className="text-slate-500">{m.role}</span>
            </li>
          ))}
        </ul>
      </Card>
      <Card title="Operator history">
        {history.length === 0 ? (
          <p className="text-sm text-slate-500">No operator actions yet.</p>
        ) : (
          <ul className="space-y-1 text-sm" aria-label="Operator history">
            {history.map((h) => (
              <li key={h.id}>
                <span className="text-slate-500">{h.createdAt.toISOString().slice(0, 16).replace("T", " ")}</span> {h.operatorEmail} · {h.action}
                {typeof h.data.reason === "string" ? ` — ${h.data.reason}` : ""}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
