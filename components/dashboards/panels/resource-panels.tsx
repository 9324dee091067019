import Link from "next/link";
import { formatInstant } from "@/components/charts/format";
import type { PanelDataMap } from "@/lib/dashboards/panels/types";

const LABELS: Record<string, string> = {
  instanceType: "Type",
  availabilityZone: "Zone",
  launchTime: "Launched",
  privateIpAddress: "Private IP",
  publicIpAddress: "Public IP",
  platform: "Platform",
  architecture: "Architecture",
  lifecycle: "Lifecycle",
  imageId: "AMI",
  vpcId: "VPC",
};

export function InstanceDetailsPanel({ data }: { data: PanelDataMap["instance-details"] }) {
  if (!data.found) return <p className="text-sm text-slate-500">{data.id} was not in the inventory at this moment (not launched yet, or gone).</p>;
  return (
    <div className="space-y-2 text-sm">
      <p>
        <span className="font-semibold">{data.name ?? data.id}</span> <span className="font-mono text-xs text-slate-500">{data.id}</span> ·{" "}
        <span data-testid="instance-state">{data.state ?? "unknown"}</span> · {data.region}
      </p>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 md:grid-cols-5">
        {Object.entries(LABELS)
          .filter(([k]) => data.attributes[k])
          .map(([k, label]) => (
            <div key={k}>
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="truncate">{k === "launchTime" ? formatInstant(data.attributes[k]) : data.attributes[k]}</dd>
            </div>
          ))}
      </dl>
      {Object.keys(data.tags).length ? (
        <p className="text-xs text-slate-600">
          Tags:{" "}
          {Object.entries(data.tags)
            .map(([k, v]) => `${k}=${v}`)
            .join(", ")}
        </p>
      ) : null}
    </div>
  );
}

export function CrashLoopPodsPanel({ data }: { data: PanelDataMap["crashloop-pods"] }) {
  if (data.podsWatched === 0) return <p className="text-sm text-slate-500">No pod metrics: Container Insights is not enabled for this cluster.</p>;
  if (data.pods.length === 0) return <p className="text-sm text-emerald-700">No pod is in CrashLoopBackOff ({data.podsWatched} pods watched).</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Pods in CrashLoopBackOff">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1 pr-3">Namespace</th>
          <th className="py-1 pr-3">Pod</th>
          <th className="py-1 text-right">Restarts</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.pods.map((p) => (
          <tr key={`${p.namespace}/${p.pod}`}>
            <td className="py-1 pr-3">{p.namespace}</td>
            <td className="py-1 pr-3 font-mono text-xs text-red-700">{p.pod}</td>
            <td className="py-1 text-right tabular-nums">{p.restarts ?? "—"}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function NodeGroupsPanel({ data }: { data: PanelDataMap["node-groups"] }) {
  if (data.groups.length === 0) return <p className="text-sm text-slate-500">No managed node groups in this cluster.</p>;
  return (
    <table className="w-full text-left text-sm" aria-label="Node groups">
      <thead className="text-xs uppercase text-slate-500">
        <tr>
          <th className="py-1 pr-3">Node group</th>
          <th className="py-1 pr-3">Status</th>
          <th className="py-1 pr-3 text-right">Min / desired / max</th>
          <th className="py-1">Instances</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {data.groups.map((g) => (
          <tr key={g.name}>
            <td className="py-1 pr-3 font-medium">{g.name}</td>
            <td className={`py-1 pr-3 ${g.status === "ACTIVE" ? "text-emerald-700" : "text-amber-700"}`}>{g.status ?? "unknown"}</td>
            <td className="py-1 pr-3 text-right tabular-nums">
              {g.min ?? "?"} / {g.desired ?? "?"} / {g.max ?? "?"}
            </td>
            <td className="py-1 text-xs">
              {g.instanceTypes.join(", ") || "—"}
              {g.capacityType ? ` · ${g.capacityType.toLowerCase()}` : ""}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FleetLink() {
  return (
    <Link href="/dashboards/ec2" className="text-xs font-medium text-brand-700 hover:underline">
      EC2 fleet
    </Link>
  );
}
