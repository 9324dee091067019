import { allocateCosts, type Directory } from "@/lib/allocation";
import { spendByService } from "@/lib/costs";
import type { Tx } from "@/lib/db";

/*
 * Period comparisons by service and by team. Week over week: the last 7 complete days against the
 * 7 before. Month over month: this month's complete days against the same days of last month
 * (clamped to its length), so a partial month is never compared with a whole one.
 */
export type ComparisonRow = { key: string; current: number; previous: number; change: number; changePct: number | null };
export type Comparison = { label: string; current: { from: string; to: string }; previous: { from: string; to: string }; byService: ComparisonRow[]; byTeam: ComparisonRow[] };

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function rows(current: Map<string, number>, previous: Map<string, number>): ComparisonRow[] {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  return [...keys]
    .map((key) => {
      const c = current.get(key) ?? 0;
      const p = previous.get(key) ?? 0;
      return { key, current: c, previous: p, change: c - p, changePct: p > 0 ? c / p - 1 : null };
    })
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change) || a.key.localeCompare(b.key));
}

/** [from, to) windows as exclusive ends. */
async function compare(tx: Tx, tenantId: string, directory: Directory, label: string, cur: [number, number], prev: [number, number]): Promise<Comparison> {
  const service = async ([from, to]: [number, number]) => new Map((await spendByService(tx, { from: new Date(from), to: new Date(to - DAY_MS) })).map((g) => [g.key, g.amount]));
  const team = async ([from, to]: [number, number]) => {
    const a = await allocateCosts(tx, { tenantId, from: new Date(from), to: new Date(to), directory });
    const m = new Map(a.owners.filter((o) => o.owner.kind === "team").map((o) => [o.name, o.total]));
    m.set("Unassigned", a.unassigned.total);
    return m;
  };
  return {
    label,
    current: { from: iso(cur[0]), to: iso(cur[1] - DAY_MS) },
    previous: { from: iso(prev[0]), to: iso(prev[1] - DAY_MS) },
    byService: rows(await service(cur), await service(prev)),
    byTeam: rows(await team(cur), await team(prev)),
  };
}

export async function loadComparisons(tx: Tx, args: { tenantId: string; directory: Directory; now: Date }): Promise<Comparison[]> {
  const today = Math.floor(args.now.getTime() / DAY_MS) * DAY_MS;
  const monthStart = Date.UTC(args.now.getUTCFullYear(), args.now.getUTCMonth(), 1);
  const lastMonth = Date.UTC(args.now.getUTCFullYear(), args.now.getUTCMonth() - 1, 1);
  const days = Math.max(1, Math.round((today - monthStart) / DAY_MS));
  const sameEnd = Math.min(lastMonth + days * DAY_MS, monthStart);
  const out = [await compare(tx, args.tenantId, args.directory, "Week over week", [today - 7 * DAY_MS, today], [today - 14 * DAY_MS, today - 7 * DAY_MS])];
  if (today > monthStart) out.push(await compare(tx, args.tenantId, args.directory, "Month over month", [monthStart, today], [lastMonth, sameEnd]));
  return out;
}
