import { and, eq } from "drizzle-orm";
import { allocateCosts, assertMayView, loadDirectory, ownerKey, ownerName, type ResourceCost } from "@/lib/allocation";
import type { TenantContext } from "@/lib/auth/guard";
import { spendByTag } from "@/lib/costs";
import { schema, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import type { ChargebackOwner } from "./schemas";

/*
 * The data of a chargeback statement. An owner (person, team, cost center) gets lib/allocation's
 * figures: resource-level estimates at list price for what they own, plus their share of the rest
 * of the bill by tag. A tag value gets Cost Explorer's spend for that value, itemized by the
 * resources carrying it (estimated), with the remainder on one line. Budget vs actual reads the
 * owner's monthly budget (lib/budgets' table); cost centers and tag values have none.
 */

export type StatementLine = { service: string; resource: string; detail: string; amount: number };
export type Statement = {
  ownerLabel: string;
  ownerKind: string;
  lines: StatementLine[];
  byService: { service: string; amount: number }[];
  total: number;
  currency: "USD";
  budget: { limit: number; remaining: number; used: number } | null;
  method: string;
};

/** The AWS service each priced resource kind bills under (Cost Explorer's names). */
const SERVICE_OF_KIND: Record<string, string> = {
  ec2_instance: "Amazon Elastic Compute Cloud - Compute",
  ebs_volume: "EC2 - Other (EBS volumes)",
  elastic_ip: "Amazon Virtual Private Cloud (Elastic IPs)",
};

function resourceLine(r: ResourceCost, amount: number): StatementLine {
  const type = typeof r.attributes.instanceType === "string" ? r.attributes.instanceType : typeof r.attributes.volumeType === "string" ? r.attributes.volumeType : "";
  return {
    service: SERVICE_OF_KIND[r.kind] ?? r.kind,
    resource: r.name ? `${r.name} (${r.resourceId})` : r.resourceId,
    detail: [type, `${Math.round(r.hours)} h`, r.region].filter(Boolean).join(" · "),
    amount,
  };
}

function byService(lines: StatementLine[]): { service: string; amount: number }[] {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.service, (sums.get(l.service) ?? 0) + l.amount);
  return [...sums.entries()].map(([service, amount]) => ({ service, amount })).sort((a, b) => b.amount - a.amount);
}

async function budgetOf(tx: Tx, tenantId: string, owner: { kind: string; id: string }, total: number): Promise<Statement["budget"]> {
  if (owner.kind !== "user" && owner.kind !== "team") return null;
  const [row] = await tx
    .select({ limit: schema.budgets.monthlyLimit })
    .from(schema.budgets)
    .where(and(eq(schema.budgets.tenantId, tenantId), eq(schema.budgets.scopeKind, owner.kind), eq(schema.budgets.scopeId, owner.id)))
    .limit(1);
  if (!row) return null;
  const limit = Number(row.limit);
  return { limit, remaining: limit - total, used: limit > 0 ? total / limit : 0 };
}

const KIND_LABELS = { user: "Person", team: "Team", cost_center: "Cost center" } as const;

export async function loadStatement(tx: Tx, args: { ctx: TenantContext; owner: ChargebackOwner; from: Date; to: Date; asOf?: Date }): Promise<Statement> {
  const { ctx, owner, from, to } = args;
  const tenantId = ctx.tenant.id;
  const directory = await loadDirectory(tx, tenantId);
  const allocation = await allocateCosts(tx, { tenantId, from, to, directory, ...(args.asOf ? { asOf: args.asOf } : {}) });
  if (owner.by === "owner") {
    const ref = { kind: owner.ownerKind, id: owner.ownerId };
    const name = ownerName(directory, ref);
    if (!name) throw new NotFoundError("That person, team or cost center is not in this workspace.");
    assertMayView(ctx, directory, ref);
    const key = ownerKey(ref);
    const row = allocation.owners.find((o) => ownerKey(o.owner) === key);
    const lines = allocation.resources.filter((r) => (r.byOwner[key] ?? 0) > 0).map((r) => resourceLine(r, r.byOwner[key]));
    if (row && row.tagBased > 0) lines.push({ service: "Other AWS charges", resource: "—", detail: `Share of the rest of the bill by tag ${allocation.tagKey ?? ""}`.trim(), amount: row.tagBased });
    const total = lines.reduce((a, l) => a + l.amount, 0);
    return { ownerLabel: name, ownerKind: KIND_LABELS[owner.ownerKind], lines, byService: byService(lines), total, currency: "USD", budget: await budgetOf(tx, tenantId, ref, total), method: allocation.method };
  }
  const tagged = allocation.resources.filter((r) => r.tags[owner.key] === owner.value && (r.estimate ?? 0) > 0);
  const lines = tagged.map((r) => resourceLine(r, r.estimate ?? 0));
  const estimated = lines.reduce((a, l) => a + l.amount, 0);
  const groups = await spendByTag(tx, { tagKey: owner.key, from, to: new Date(to.getTime() - 1), ...(args.asOf ? { asOf: args.asOf } : {}) });
  const billed = groups.find((g) => g.key === owner.value)?.amount ?? 0;
  if (billed > estimated) lines.push({ service: "Other AWS charges", resource: "—", detail: `Cost Explorer spend tagged ${owner.key}=${owner.value} beyond the resource estimates`, amount: billed - estimated });
  return {
    ownerLabel: `${owner.key} = ${owner.value}`,
    ownerKind: "Tag",
    lines,
    byService: byService(lines),
    total: Math.max(billed, estimated),
    currency: "USD",
    budget: null,
    method: "Resources carrying the tag are estimated at on-demand list price × the hours they billed; Cost Explorer's spend for the tag value beyond those estimates is one line.",
  };
}
