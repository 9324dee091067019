/** "2026-01-05 12:03 UTC" */
export function utc(date: Date | string): string {
  return `${new Date(date).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "5 min ago", "3 h ago", "2 days ago". */
export function ago(date: Date | string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(date).getTime()) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86_400);
  return `${d} day${d === 1 ? "" : "s"} ago`;
}

export const STATE_LABELS = { ok: "OK", pending: "Pending", firing: "Firing", no_data: "No data", error: "Error" } as const;

export const STATE_STYLES = {
  ok: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  pending: "bg-amber-50 text-amber-700 ring-amber-200",
  firing: "bg-red-50 text-red-700 ring-red-200",
  no_data: "bg-slate-100 text-slate-700 ring-slate-300",
  error: "bg-fuchsia-50 text-fuchsia-700 ring-fuchsia-200",
} as const;

export function StateBadge({ state }: { state: keyof typeof STATE_LABELS }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ${STATE_STYLES[state]}`}>{STATE_LABELS[state]}</span>;
}
