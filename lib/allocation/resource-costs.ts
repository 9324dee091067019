import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { schema, type Tx } from "@/lib/db";
import type { AssignmentRow } from "./assignments";
import { ELASTIC_IP_HOURLY, HOURS_PER_MONTH, instanceSpec, volumeMonthly } from "./prices";
import { matchRule, type AllocationRule } from "./rules";
import type { OwnerKind } from "./schemas";

/*
 * Resource-level cost estimates: hours each resource version billed in the window × its
 * on-demand list price (lib/allocation/prices.ts). Instances bill while running or pending;
 * volumes and Elastic IPs for as long as they exist.
 */
export const PRICED_KINDS = ["ec2_instance", "ebs_volume", "elastic_ip"] as const;
const HOUR_MS = 3_600_000;

export type Owner = { kind: OwnerKind; id: string };
export type OwnerSource = "assignment" | "rule";
export type ResourceCost = {
  key: string;
  connectionId: string;
  region: string;
  kind: string;
  resourceId: string;
  name: string | null;
  state: string | null;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
  /** Estimated USD in the window; null when the type has no list price here. */
  estimate: number | null;
  hours: number;
  /** Who owns it at the end of the window, and why. */
  owner: Owner | null;
  ownerSource: OwnerSource | null;
  /** Estimate per owner key ("user:<id>", …, or "" for unassigned). */
  byOwner: Record<string, number>;
};

export const ownerKey = (o: Owner | null): string => (o ? `${o.kind}:${o.id}` : "");
export const resourceKey = (r: { connectionId: string; region: string; kind?: string; resourceKind?: string; resourceId: string }) =>
  `${r.connectionId}|${r.region}|${r.kind ?? r.resourceKind}|${r.resourceId}`;

type Version = typeof schema.resources.$inferSelect;

function hourlyRate(v: Version): number | null {
  const a = v.attributes;
  const RATES: Record<(typeof PRICED_KINDS)[number], () => number | null> = {
    ec2_instance: () => {
      if (v.state !== "running" && v.state !== "pending") return 0;
      return instanceSpec(typeof a.instanceType === "string" ? a.instanceType : null)?.hourly ?? null;
    },
    ebs_volume: () => {
      const monthly = volumeMonthly(typeof a.volumeType === "string" ? a.volumeType : null, typeof a.sizeGiB === "number" ? a.sizeGiB : null);
      return monthly === null ? null : monthly / HOURS_PER_MONTH;
    },
    elastic_ip: () => ELASTIC_IP_HOURLY,
  };
  return RATES[v.kind as (typeof PRICED_KINDS)[number]]();
}

/** The owner at instant t: the direct assignment covering t, else the first matching rule. */
export function ownerAt(assignments: AssignmentRow[], rules: AllocationRule[], tags: Record<string, string>, t: number): { owner: Owner | null; source: OwnerSource | null } {
  const a = assignments.find((x) => x.validFrom.getTime() <= t && (x.validTo === null || x.validTo.getTime() > t));
  if (a) return { owner: { kind: a.ownerKind, id: a.ownerId }, source: "assignment" };
  const rule = matchRule(rules, tags);
  return rule ? { owner: { kind: rule.ownerKind, id: rule.ownerId }, source: "rule" } : { owner: null, source: null };
}

export async function resourceVersionsOverlapping(tx: Tx, tenantId: string, from: Date, to: Date, kinds: readonly string[] = PRICED_KINDS): Promise<Version[]> {
  const r = schema.resources;
  return tx
    .select()
    .from(r)
    .where(
      and(
        eq(r.tenantId, tenantId),
        inArray(r.kind, [...kinds] as Version["kind"][]),
        isNull(r.recordedTo),
        sql`${r.validFrom} < ${to.toISOString()}::timestamptz`,
        sql`(${r.validTo} is null or ${r.validTo} > ${from.toISOString()}::timestamptz)`,
      ),
    )
    .orderBy(r.kind, r.resourceId, r.validFrom);
}

/**
 * Estimates per resource over [from, to). The owner at the end of the window (a direct
 * assignment, else the first matching tag rule on the resource's latest tags) takes the whole
 * window's cost: assigning a resource mid-month moves that month's cost with it, the way
 * chargeback expects, while a closed month keeps the owner it ended with.
 */
export function estimateResourceCosts(versions: Version[], assignments: AssignmentRow[], rules: AllocationRule[], from: Date, to: Date): ResourceCost[] {
  const byResource = new Map<string, AssignmentRow[]>();
  for (const a of assignments) byResource.set(resourceKey(a), [...(byResource.get(resourceKey(a)) ?? []), a]);
  const out = new Map<string, ResourceCost>();
  for (const v of versions) {
    const key = resourceKey(v);
    const start = Math.max(v.validFrom.getTime(), from.getTime());
    const end = Math.min(v.validTo?.getTime() ?? to.getTime(), to.getTime());
    const rate = hourlyRate(v);
    let cost = out.get(key);
    if (!cost) {
      cost = { key, connectionId: v.connectionId, region: v.region, kind: v.kind, resourceId: v.resourceId, name: v.name, state: v.state, tags: v.tags, attributes: v.attributes, estimate: 0, hours: 0, owner: null, ownerSource: null, byOwner: {} };
      out.set(key, cost);
    }
    // Later versions overwrite what the resource looks like now.
    Object.assign(cost, { name: v.name, state: v.state, tags: v.tags, attributes: v.attributes });
    if (rate === null) cost.estimate = null;
    if (end <= start) continue;
    const hours = (end - start) / HOUR_MS;
    if (rate !== null && rate > 0) cost.hours += hours;
    if (cost.estimate !== null) cost.estimate += (rate ?? 0) * hours;
  }
  for (const cost of out.values()) {
    const at = ownerAt(byResource.get(cost.key) ?? [], rules, cost.tags, to.getTime());
    cost.owner = at.owner;
    cost.ownerSource = at.source;
    cost.byOwner = { [ownerKey(at.owner)]: cost.estimate ?? 0 };
  }
  return [...out.values()];
}
