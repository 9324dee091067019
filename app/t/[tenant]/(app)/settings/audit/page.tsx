import Link from "next/link";
import { SettingsBack } from "@/components/team/settings-back";
import { Card, EmptyState, Notice } from "@/components/ui";
import { requireMember } from "@/lib/auth/guard";
import { AuditFilter, can, listAuditActions, listAuditEvents, listMembers } from "@/lib/team";

export const metadata = { title: "Audit log" };

const PAGE = 50;
const select = "block w-full rounded-md border border-slate-300 px-3 py-2 text-sm";

export default async function AuditPage({ params, searchParams }: { params: Promise<{ tenant: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requireMember((await params).tenant);
  if (!can(ctx.actor.role, "audit.view")) {
    return (
      <div className="max-w-3xl space-y-6">
        <SettingsBack />
        <h1 className="text-2xl font-bold">Audit log</h1>
        <Notice>Only owners and admins can read the audit log.</Notice>
      </div>
    );
  }
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v !== undefined));
  const parsed = AuditFilter.safeParse(raw);
  const filter: AuditFilter = parsed.success ? parsed.data : { action: undefined };
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => i.message);
  const [events, actions, members] = await Promise.all([listAuditEvents(ctx, filter, PAGE), listAuditActions(ctx), listMembers(ctx)]);
  const query = new URLSearchParams(Object.entries({ ...raw, before: undefined }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
  const older = events.length === PAGE ? `?${new URLSearchParams([...query, ["before", String(events.at(-1)!.id)]])}` : null;

  return (
    <div className="space-y-6">
      <SettingsBack />
      <h1 className="text-2xl font-bold">Audit log</h1>
      <Card>
        <form method="get" className="grid gap-4 sm:grid-cols-5 sm:items-end" aria-label="Filter the audit log">
          <div className="space-y-1">
            <label htmlFor="audit-actor" className="block text-sm font-medium text-slate-700">Actor</label>
            <select id="audit-actor" name="actor" defaultValue={raw.actor ?? ""} className={select}>
              <option value="">Anyone</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>{m.name}</option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="audit-action" className="block text-sm font-medium text-slate-700">Action</label>
            <select id="audit-action" name="action" defaultValue={raw.action ?? ""} className={select}>
              <option value="">Any action</option>
              {[...new Set(actions.map((a) => `${a.split(".")[0]}.`))].map((prefix) => (
                <option key={prefix} value={prefix}>{`${prefix}*`}</option>
              ))}
              {actions.map((a) => (
                <option key={a} value={a}>{a}</option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor="audit-from" className="block text-sm font-medium text-slate-700">From</label>
            <input id="audit-from" name="from" type="date" defaultValue={raw.from ?? ""} className={select} />
          </div>
          <div className="space-y-1">
            <label htmlFor="audit-to" className="block text-sm font-medium text-slate-700">To</label>
            <input id="audit-to" name="to" type="date" defaultValue={raw.to ?? ""} className={select} />
          </div>
          <div className="flex gap-2">
            <button type="submit" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">Filter</button>
            <a href={`/api/audit/export?${query}`} className="rounded-md px-4 py-2 text-sm font-medium text-brand-700 ring-1 ring-slate-300 hover:bg-slate-50" download>
              Export CSV
            </a>
          </div>
        </form>
      </Card>
      {problems.length ? <Notice tone="error">{problems.join(" ")}</Notice> : null}
      {events.length === 0 ? (
        <EmptyState title="No events">Nothing matches these filters.</EmptyState>
      ) : (
        <Card>
          <table className="w-full text-left text-sm" aria-label="Audit events">
            <thead className="text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th className="py-2 font-medium">Time (UTC)</th>
                <th className="py-2 font-medium">Actor</th>
                <th className="py-2 font-medium">Action</th>
                <th className="py-2 font-medium">Target</th>
                <th className="py-2 font-medium">IP</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {events.map((e) => (
                <tr key={e.id} className="align-top">
                  <td className="whitespace-nowrap py-2 text-slate-600">{e.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                  <td className="py-2">{e.actorName ?? (e.actorUserId ? "Former member" : "—")}</td>
                  <td className="py-2 font-mono text-xs">{e.action}</td>
                  <td className="max-w-xs break-all py-2 text-slate-600">
                    {e.target ?? ""}
                    {Object.keys(e.data).length ? <span className="block text-xs text-slate-400">{JSON.stringify(e.data)}</span> : null}
                  </td>
                  <td className="py-2 text-slate-600">{e.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {older ? (
            <Link href={older} className="mt-4 inline-block text-sm text-brand-600 hover:underline">
              Older events →
            </Link>
          ) : null}
        </Card>
      )}
    </div>
  );
}
