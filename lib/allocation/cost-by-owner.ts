import type { TenantContext } from "@/lib/auth/guard";
import { dailySpend, spendByTag, type CostGroup } from "@/lib/costs";
import { withTenant, type Tx } from "@/lib/db";
import { parseInput } from "@/lib/http/validate";
import { assignmentsOverlapping } from "./assignments";
import { isAdmin, loadDirectory, ownerName, type Directory } from "./directory";
import { resourceVersionsOverlapping, estimateResourceCosts, ownerKey, type Owner, type ResourceCost } from "./resource-costs";
import { rulesOf, type AllocationRule } from "./rules";
import { MonthInput, type OwnerKind } from "./schemas";

export type OwnerCost = { owner: Owner; name: string; direct: number; tagBased: number; total: number; resources: number };
export type CostAllocation = {
  month: string | null;
  from: string;
  to: string;
  /** The bill over the window (Cost Explorer, by service), or the estimates when they exceed it. */
  total: number;
  bill: number;
  directTotal: number;
  tagKey: string | null;
  method: string;
  owners: OwnerCost[];
  unassigned: { direct: number; tagBased: number; total: number; resources: number };
  resources: ResourceCost[];
};

const DAY_MS = 86_400_000;

export const ALLOCATION_METHOD =
  "Resource-level: each EC2 instance, EBS volume and Elastic IP is estimated at its on-demand list price × the hours it billed, and the whole period goes to its owner at the end of the period (a direct assignment, else the first matching tag rule). " +
  "Tag-based: the rest of the bill (total minus all resource estimates) is split by Cost Explorer's spend per value of the cost-allocation tag your rules use, and each value goes to its rule's owner. " +
  "Everything else — unowned resources, untagged spend and tag values without a rule — is Unassigned.";

/** The tag key most rules use (ties: alphabetical): Cost Explorer's by-tag figures for it split the rest of the bill. */
function allocationTagKey(rules: AllocationRule[]): string | null {
  const counts = new Map<string, number>();
  for (const r of rules) counts.set(r.tagKey, (counts.get(r.tagKey) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/**
 * Allocates the spend of [from, to) to owners. Direct (resource-level) estimates first, then the
 * remainder by tag share; see ALLOCATION_METHOD. Owners with nothing are included with zeros so
 * a page can list every person and team.
 */
export async function allocateCosts(tx: Tx, args: { tenantId: string; from: Date; to: Date; directory: Directory; asOf?: Date }): Promise<Omit<CostAllocation, "month">> {
  const { tenantId, from, to, directory } = args;
  const rules = await rulesOf(tx, tenantId);
  const [versions, assignments] = [await resourceVersionsOverlapping(tx, tenantId, from, to), await assignmentsOverlapping(tx, tenantId, from, to)];
  const resources = estimateResourceCosts(versions, assignments, rules, from, to);
  const lastDay = new Date(to.getTime() - 1);
  const bill = (await dailySpend(tx, { from, to: lastDay, asOf: args.asOf })).reduce((a, d) => a + d.amount, 0);
  const directTotal = resources.reduce((a, r) => a + (r.estimate ?? 0), 0);
  const remainder = Math.max(0, bill - directTotal);
  const tagKey = allocationTagKey(rules);
  const tagGroups: CostGroup[] = tagKey && remainder > 0 ? await spendByTag(tx, { tagKey, from, to: lastDay, asOf: args.asOf }) : [];

  const rows = new Map<string, OwnerCost>();
  const row = (owner: Owner): OwnerCost => {
    const key = ownerKey(owner);
    let r = rows.get(key);
    if (!r) {
      r = { owner, name: ownerName(directory, owner) ?? "(removed)", direct: 0, tagBased: 0, total: 0, resources: 0 };
      rows.set(key, r);
    }
    return r;
  };
  for (const m of directory.members) row({ kind: "user", id: m.userId });
  for (const t of directory.teams) row({ kind: "team", id: t.id });
  for (const c of directory.costCenters) row({ kind: "cost_center", id: c.id });
  const unassigned = { direct: 0, tagBased: 0, total: 0, resources: 0 };
  for (const r of resources) {
    for (const [key, amount] of Object.entries(r.byOwner)) {
      if (key === "") unassigned.direct += amount;
      else {
        const [kind, id] = key.split(":") as [OwnerKind, string];
        row({ kind, id }).direct += amount;
      }
    }
    if (r.owner) row(r.owner).resources++;
    else unassigned.resources++;
  }
  const tagShareTotal = tagGroups.reduce((a, g) => a + g.share, 0);
  for (const g of tagGroups) {
    const amount = remainder * g.share;
    const rule = rules.find((x) => x.tagKey === tagKey && x.tagValue === g.key);
    if (rule) row({ kind: rule.ownerKind, id: rule.ownerId }).tagBased += amount;
    else unassigned.tagBased += amount;
  }
  // Without by-tag figures the whole remainder is unassigned.
  unassigned.tagBased += remainder * (1 - Math.min(1, tagShareTotal));
  for (const r of rows.values()) r.total = r.direct + r.tagBased;
  unassigned.total = unassigned.direct + unassigned.tagBased;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    total: Math.max(bill, directTotal),
    bill,
    directTotal,
    tagKey,
    method: ALLOCATION_METHOD,
    owners: [...rows.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name)),
    unassigned,
    resources: resources.sort((a, b) => (b.estimate ?? 0) - (a.estimate ?? 0)),
  };
}

/** [start of month, min(next month, now)) for "YYYY-MM". */
export function monthWindow(month: string, now: Date): { from: Date; to: Date; end: Date } {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1));
  const end = new Date(Date.UTC(y, m, 1));
  return { from, to: new Date(Math.max(from.getTime(), Math.min(end.getTime(), now.getTime()))), end };
}

export const currentMonth = (now: Date): string => now.toISOString().slice(0, 7);

/** Days in the month that `to` lies in, and how many of them have passed at `to` (fractional). */
export function monthProgress(from: Date, to: Date, end: Date): { elapsedDays: number; days: number } {
  return { elapsedDays: (to.getTime() - from.getTime()) / DAY_MS, days: (end.getTime() - from.getTime()) / DAY_MS };
}

/**
 * Chargeback for a month: spend per person, team and cost center plus the unassigned line. A
 * non-admin gets only their own row and their teams' (totals stay the workspace's).
 */
export async function costByOwner({ ctx, month, now = new Date() }: { ctx: TenantContext; month: string; now?: Date }): Promise<CostAllocation> {
  const m = parseInput(MonthInput, month);
  const { from, to } = monthWindow(m, now);
  const result = await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const directory = await loadDirectory(tx, ctx.tenant.id);
      return { directory, allocation: await allocateCosts(tx, { tenantId: ctx.tenant.id, from, to, directory }) };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  const { allocation, directory } = result;
  if (isAdmin(ctx)) return { month: m, ...allocation };
  const mine = new Set([ownerKey({ kind: "user", id: ctx.actor.userId }), ...directory.teams.filter((t) => t.memberIds.includes(ctx.actor.userId)).map((t) => ownerKey({ kind: "team", id: t.id }))]);
  return {
    month: m,
    ...allocation,
    owners: allocation.owners.filter((o) => mine.has(ownerKey(o.owner))),
    resources: allocation.resources.filter((r) => mine.has(ownerKey(r.owner))),
  };
}
