import { and, eq } from "drizzle-orm";
import { dashboards } from "@/db/tables/dashboards";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { dashboardPath, formatDashboardRef, type DashboardRef } from "./dashboard-ref";
import { inventoryAt } from "./inventory";
import type { DashboardKind } from "./schemas";
import { TEMPLATES } from "./templates";

export type DashboardListItem = {
  ref: string;
  kind: DashboardKind;
  target: string;
  name: string;
  href: string;
  generated: boolean;
  customized: boolean;
  state?: string | null;
};

export type DashboardList = {
  workspace: DashboardListItem[];
  clusters: DashboardListItem[];
  instances: DashboardListItem[];
  custom: DashboardListItem[];
};

/**
 * Every dashboard of the workspace: the generated ones follow the current inventory (one per
 * instance and per EKS cluster, appearing and disappearing with them), plus custom ones.
 */
export async function listDashboards({ ctx, now = new Date() }: { ctx: TenantContext; now?: Date }): Promise<DashboardList> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const rows = await tx.select().from(dashboards).where(and(eq(dashboards.tenantId, ctx.tenant.id)));
      const stored = new Map(rows.map((r) => [formatDashboardRef({ kind: r.kind as DashboardKind, target: r.target }), r]));
      const item = (ref: DashboardRef, state?: string | null): DashboardListItem => {
        const key = formatDashboardRef(ref);
        const row = stored.get(key);
        const generated = ref.kind !== "custom";
        return {
          ref: key,
          kind: ref.kind,
          target: ref.target,
          name: row?.name ?? (generated ? TEMPLATES[ref.kind as Exclude<DashboardKind, "custom">].name(ref.target) : key),
          href: dashboardPath(ref),
          generated,
          customized: generated && row !== undefined,
          ...(state !== undefined ? { state } : {}),
        };
      };
      const [instances, clusters] = [await inventoryAt(tx, { kind: "ec2_instance", validAt: now }), await inventoryAt(tx, { kind: "eks_cluster", validAt: now })];
      const byName = (a: DashboardListItem, b: DashboardListItem) => a.name.localeCompare(b.name);
      return {
        workspace: (["overview", "ec2-fleet", "costs"] as const).map((kind) => item({ kind, target: "" })),
        clusters: clusters.map((c) => item({ kind: "eks-cluster", target: c.resourceId }, c.state)).sort(byName),
        instances: instances
          .map((i) => ({ ...item({ kind: "ec2-instance", target: i.resourceId }, i.state), name: stored.get(`ec2-instance.${i.resourceId}`)?.name ?? `${i.name ?? i.resourceId} (${i.resourceId})` }))
          .sort(byName),
        custom: rows
          .filter((r) => r.kind === "custom")
          .map((r) => item({ kind: "custom", target: r.target }))
          .sort(byName),
      };
    },
    { db: ctx.db },
  );
}
