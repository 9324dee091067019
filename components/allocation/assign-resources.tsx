"use client";

import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { sendJson } from "@/components/ui/send-json";
import { Button, Field, Notice, SelectField } from "@/components/ui";

export type AssignableResource = {
  connectionId: string;
  region: string;
  kind: string;
  resourceId: string;
  name: string | null;
  state: string | null;
  detail: string;
  ownerName: string | null;
  source: "assignment" | "rule" | null;
};
export type OwnerOption = { value: string; label: string };

const KIND_LABELS: Record<string, string> = { ec2_instance: "EC2 instance", ebs_volume: "EBS volume", elastic_ip: "Elastic IP", eks_cluster: "EKS cluster" };
const keyOf = (r: AssignableResource) => `${r.connectionId}|${r.region}|${r.kind}|${r.resourceId}`;

/** The fleet with owners: tick resources, pick an owner, assign them all at once. */
export function AssignResources({ resources, owners }: { resources: AssignableResource[]; owners: OwnerOption[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [owner, setOwner] = useState(owners[0]?.value ?? "");
  const [filter, setFilter] = useState("");
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    return f ? resources.filter((r) => `${r.name ?? ""} ${r.resourceId} ${r.detail} ${r.ownerName ?? ""} ${KIND_LABELS[r.kind] ?? r.kind}`.toLowerCase().includes(f)) : resources;
  }, [resources, filter]);
  const picked = resources.filter((r) => selected.has(keyOf(r)));
  const refs = picked.map((r) => ({ connectionId: r.connectionId, region: r.region, kind: r.kind, resourceId: r.resourceId }));

  async function run(method: "POST" | "DELETE") {
    if (!refs.length) return;
    setBusy(true);
    setNotice(null);
    const [kind, id] = owner.split(":");
    const answer = await sendJson<{ assigned: number; unchanged: number }>("/api/allocation/assignments", method, method === "POST" ? { resources: refs, owner: { kind, id } } : { resources: refs });
    if (answer.ok) {
      const label = owners.find((o) => o.value === owner)?.label ?? "the owner";
      setNotice({ tone: "success", text: method === "POST" ? `Assigned ${answer.data.assigned} resource${answer.data.assigned === 1 ? "" : "s"} to ${label}.` : `Removed ${answer.data.assigned} direct assignment${answer.data.assigned === 1 ? "" : "s"}.` });
      setSelected(new Set());
      router.refresh();
    } else setNotice({ tone: "error", text: answer.message });
    setBusy(false);
  }

  const toggle = (r: AssignableResource) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(keyOf(r))) next.delete(keyOf(r));
      else next.add(keyOf(r));
      return next;
    });

  return (
    <div className="space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      <div className="flex flex-wrap items-end gap-3">
        <Field label="Filter resources" name="filter" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name, id, type, owner" />
        <SelectField label="Assign to" name="owner" value={owner} onChange={(e) => setOwner(e.target.value)} options={owners} />
        <Button type="button" disabled={busy || !refs.length || !owner} onClick={() => run("POST")}>
          Assign selected ({refs.length})
        </Button>
        <Button type="button" variant="secondary" disabled={busy || !refs.length} onClick={() => run("DELETE")}>
          Remove direct owner
        </Button>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="min-w-full text-sm" aria-label="Resources and owners">
          <thead className="bg-slate-50 text-left text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">
                <span className="sr-only">Select</span>
              </th>
              <th className="px-3 py-2">Resource</th>
              <th className="px-3 py-2">Kind</th>
              <th className="px-3 py-2">Details</th>
              <th className="px-3 py-2">Owner</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {shown.map((r) => (
              <tr key={keyOf(r)}>
                <td className="px-3 py-2">
                  <input type="checkbox" aria-label={`Select ${r.name ?? r.resourceId}`} checked={selected.has(keyOf(r))} onChange={() => toggle(r)} />
                </td>
                <td className="px-3 py-2">
                  <span className="font-medium">{r.name ?? r.resourceId}</span>
                  <span className="block text-xs text-slate-500">
                    {r.resourceId} · {r.region}
                  </span>
                </td>
                <td className="px-3 py-2">{KIND_LABELS[r.kind] ?? r.kind}</td>
                <td className="px-3 py-2 text-slate-600">
                  {r.detail}
                  {r.state ? ` · ${r.state}` : ""}
                </td>
                <td className="px-3 py-2">
                  {r.ownerName ? (
                    <>
                      {r.ownerName} <span className="text-xs text-slate-500">({r.source === "rule" ? "tag rule" : "assigned"})</span>
                    </>
                  ) : (
                    <span className="text-slate-400">Unassigned</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
