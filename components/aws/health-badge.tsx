const TONES: Record<string, string> = {
  healthy: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  degraded: "bg-amber-50 text-amber-800 ring-amber-200",
  failing: "bg-red-50 text-red-700 ring-red-200",
  pending: "bg-slate-100 text-slate-700 ring-slate-200",
};

export function HealthBadge({ status }: { status: string }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${TONES[status] ?? TONES.pending}`}>{status}</span>;
}

/** A disconnected connection's last health is stale: it shows this instead. */
export function ConnectionBadge({ status, disconnectedAt }: { status: string; disconnectedAt: Date | null }) {
  if (!disconnectedAt) return <HealthBadge status={status} />;
  return <span className="inline-flex rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600 ring-1 ring-slate-300">Disconnected</span>;
}
