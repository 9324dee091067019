import { sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import type { AlertKind } from "./metric-catalog";
import { POD_LIVENESS_SECONDS } from "./scope";

export type ScopeChoice = { id: string; name: string | null };
/** `clusters`: the names a "pods of one cluster" scope may use. */
export type ScopeChoices = { resources: Record<AlertKind, ScopeChoice[]>; clusters: string[]; tags: Record<string, string[]> };

/** What the rule form offers: current instances, clusters and reporting pods, the clusters pods run in, and the tag keys/values in use. */
export async function listScopeChoices(ctx: TenantContext, now = new Date()): Promise<ScopeChoices> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const inventory = await tx.execute<{ kind: AlertKind; resource_id: string; name: string | null; tags: Record<string, string> }>(sql`
        select kind, resource_id, name, tags from resources
         where tenant_id = ${ctx.tenant.id} and valid_to is null and recorded_to is null and kind in ('ec2_instance', 'eks_cluster')
         order by kind, coalesce(name, resource_id) limit 2000`);
      const pods = await tx.execute<{ resource_id: string }>(sql`
        select distinct resource_id from series
         where tenant_id = ${ctx.tenant.id} and resource_kind = 'eks_pod' and last_point_at >= ${new Date(now.getTime() - POD_LIVENESS_SECONDS * 1000).toISOString()}::timestamptz
         order by resource_id limit 2000`);
      const resources: ScopeChoices["resources"] = { ec2_instance: [], eks_cluster: [], eks_pod: [] };
      const tags = new Map<string, Set<string>>();
      for (const r of inventory.rows) {
        resources[r.kind].push({ id: r.resource_id, name: r.name });
        for (const [k, v] of Object.entries(r.tags ?? {})) {
          if (!tags.has(k)) tags.set(k, new Set());
          tags.get(k)!.add(v);
        }
      }
      resources.eks_pod = pods.rows.map((p) => ({ id: p.resource_id, name: p.resource_id.split("/").pop() ?? null }));
      // Inventory clusters, plus any known only from their pods' series (validate-rule.ts accepts both).
      const clusters = new Set([...resources.eks_cluster.map((c) => c.id), ...pods.rows.map((p) => p.resource_id.split("/")[0]!)]);
      return { resources, clusters: [...clusters].sort(), tags: Object.fromEntries([...tags].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, [...v].sort()])) };
    },
    { db: ctx.db },
  );
}
