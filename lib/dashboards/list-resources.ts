import { z } from "zod";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { listSeries } from "@/lib/metrics";
import { RESOURCE_KINDS } from "@/db/tables/aws";
import { attr, inventoryAt } from "./inventory";
import { MetricResourceKind } from "./schemas";
import { parseInstant } from "./time-range";

const instant = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const d = parseInstant(text);
    if (!d) {
      ctx.addIssue({ code: "custom", message: "Use an ISO 8601 date or epoch milliseconds." });
      return z.NEVER;
    }
    return d;
  });

export const ResourceListInput = z.object({
  kind: z.enum(RESOURCE_KINDS).default("ec2_instance"),
  state: z.string().trim().min(1).max(40).optional(),
  region: z.string().trim().min(1).max(40).optional(),
  /** key:value, or key alone for "has the tag". */
  tag: z.string().trim().min(1).max(400).optional(),
  /** Valid time: the inventory at this moment (default now). */
  at: instant.optional(),
  /** Recorded time: as Monitr knew it then. */
  asOf: instant.optional(),
});
export type ResourceListInput = z.infer<typeof ResourceListInput>;

export type ResourceListItem = {
  kind: string;
  id: string;
  name: string | null;
  state: string | null;
  region: string;
  connectionId: string;
  type: string | null;
  tags: Record<string, string>;
};

/** The inventory at a moment, as known at another, filtered by state, region and tag. */
export async function listResources({ ctx, input }: { ctx: TenantContext; input: ResourceListInput }): Promise<ResourceListItem[]> {
  const asOf = input.asOf;
  const at = input.at ?? asOf ?? new Date();
  const [tagKey, ...tagRest] = (input.tag ?? "").split(":");
  const tagValue = tagRest.length ? tagRest.join(":") : undefined;
  const rows = await withTenant(ctx.tenant.id, (tx) => inventoryAt(tx, { kind: input.kind, validAt: at, ...(asOf ? { asOf } : {}) }), { db: ctx.db });
  return rows
    .filter((r) => (input.state ? r.state === input.state : true))
    .filter((r) => (input.region ? r.region === input.region : true))
    .filter((r) => (input.tag ? (tagValue === undefined ? tagKey in r.tags : r.tags[tagKey] === tagValue) : true))
    .map((r) => ({ kind: r.kind, id: r.resourceId, name: r.name, state: r.state, region: r.region, connectionId: r.connectionId, type: attr(r, "instanceType"), tags: r.tags }));
}

export const AvailableMetricsInput = z.object({
  resourceKind: MetricResourceKind.default("ec2_instance"),
  resourceIds: z
    .string()
    .trim()
    .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().max(300)).max(50, "At most 50 resources."))
    .optional(),
});
export type AvailableMetricsInput = z.infer<typeof AvailableMetricsInput>;

export type AvailableMetric = { namespace: string; metric: string; unit: string; series: number };

/** The metrics Monitr holds for some resources (or a whole kind): what a new widget can chart. */
export async function listAvailableMetrics({ ctx, input }: { ctx: TenantContext; input: AvailableMetricsInput }): Promise<AvailableMetric[]> {
  const rows = await withTenant(ctx.tenant.id, (tx) => listSeries(tx, { resourceKind: input.resourceKind, ...(input.resourceIds?.length ? { resourceIds: input.resourceIds } : {}) }), { db: ctx.db });
  const out = new Map<string, AvailableMetric>();
  for (const r of rows) {
    const key = `${r.namespace}|${r.metric}`;
    const hit = out.get(key);
    if (hit) hit.series++;
    else out.set(key, { namespace: r.namespace, metric: r.metric, unit: r.unit, series: 1 });
  }
  return [...out.values()].sort((a, b) => a.namespace.localeCompare(b.namespace) || a.metric.localeCompare(b.metric));
}
