import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { listResourcesAt } from "@/lib/collect";
import { assignmentsOverlapping } from "./assignments";
import { loadDirectory, ownerName, type Directory } from "./directory";
import { ownerAt, resourceKey, type Owner, type OwnerSource } from "./resource-costs";
import { rulesOf } from "./rules";

export type OwnedResource = {
  connectionId: string;
  region: string;
  kind: string;
  resourceId: string;
  name: string | null;
  state: string | null;
  tags: Record<string, string>;
  attributes: Record<string, unknown>;
  owner: Owner | null;
  ownerName: string | null;
  source: OwnerSource | null;
};

/** The inventory as it is now with each resource's owner (direct assignment, else tag rule). */
export async function listOwnedResources({ ctx, now = new Date() }: { ctx: TenantContext; now?: Date }): Promise<{ resources: OwnedResource[]; directory: Directory }> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const directory = await loadDirectory(tx, ctx.tenant.id);
      const rules = await rulesOf(tx, ctx.tenant.id);
      const open = (await assignmentsOverlapping(tx, ctx.tenant.id, now, new Date(now.getTime() + 1))).filter((a) => a.validTo === null);
      const byKey = new Map(open.map((a) => [resourceKey(a), a]));
      const versions = await listResourcesAt({ tx, validAt: now });
      const resources = versions
        .filter((v) => v.kind === "ec2_instance" || v.kind === "ebs_volume" || v.kind === "elastic_ip" || v.kind === "eks_cluster")
        .map((v) => {
          const a = byKey.get(resourceKey(v));
          const { owner, source } = ownerAt(a ? [a] : [], rules, v.tags, now.getTime());
          return {
            connectionId: v.connectionId,
            region: v.region,
            kind: v.kind,
            resourceId: v.resourceId,
            name: v.name,
            state: v.state,
            tags: v.tags,
            attributes: v.attributes,
            owner,
            ownerName: owner ? ownerName(directory, owner) : null,
            source,
          };
        });
      return { resources, directory };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
