import { and, eq, sql } from "drizzle-orm";
import { dashboards } from "@/db/tables/dashboards";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import type { Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { logger } from "@/lib/log";
import { formatDashboardRef, type DashboardRef } from "./dashboard-ref";
import { Widgets, type DashboardKind, type Widget } from "./schemas";
import { TEMPLATES } from "./templates";

export type Dashboard = {
  ref: string;
  kind: DashboardKind;
  target: string;
  name: string;
  description: string;
  widgets: Widget[];
  /** Generated from a template (may be customized); false for blank and duplicated ones. */
  generated: boolean;
  /** A stored layout overrides the template. */
  customized: boolean;
  /** The stored version, 0 while a generated dashboard follows its template. */
  version: number;
  canEdit: boolean;
};

export type DashboardRow = typeof dashboards.$inferSelect;

/** Members and above edit dashboards; viewers look. */
export const canEditDashboards = (ctx: TenantContext) => roleAtLeast(ctx.actor.role, "member");

export async function findDashboardRow(tx: Tx, tenantId: string, ref: DashboardRef, forUpdate = false): Promise<DashboardRow | undefined> {
  const q = tx
    .select()
    .from(dashboards)
    .where(and(eq(dashboards.tenantId, tenantId), eq(dashboards.kind, ref.kind), eq(dashboards.target, ref.target)))
    .limit(1);
  const [row] = forUpdate ? await q.for("update") : await q;
  return row;
}

/** A per-resource dashboard exists for any resource Monitr has ever listed (its history stays viewable). */
async function targetKnown(tx: Tx, ref: DashboardRef): Promise<boolean> {
  const kinds: Partial<Record<DashboardKind, string>> = { "ec2-instance": "ec2_instance", "eks-cluster": "eks_cluster" };
  const kind = kinds[ref.kind];
  if (!kind) return true;
  const r = await tx.execute<{ found: boolean }>(sql`
    select exists (select 1 from resources where tenant_id = app_current_tenant() and kind = ${kind} and resource_id = ${ref.target}) as found`);
  return r.rows[0]?.found === true;
}

function storedWidgets(row: DashboardRow): Widget[] | null {
  const parsed = Widgets.safeParse(row.widgets);
  if (parsed.success) return parsed.data;
  // A layout saved by an older version that no longer validates falls back to the template
  // rather than breaking the page; the next save replaces it.
  logger.warn({ dashboard: row.id, issues: parsed.error.issues.slice(0, 3) }, "stored dashboard layout is not valid; showing the template");
  return null;
}

export async function resolveDashboard(tx: Tx, ctx: TenantContext, ref: DashboardRef): Promise<Dashboard> {
  const row = await findDashboardRow(tx, ctx.tenant.id, ref);
  const canEdit = canEditDashboards(ctx);
  if (ref.kind === "custom") {
    if (!row) throw new NotFoundError("No such dashboard.");
    return { ref: formatDashboardRef(ref), kind: ref.kind, target: ref.target, name: row.name, description: "", widgets: storedWidgets(row) ?? [], generated: false, customized: true, version: row.version, canEdit };
  }
  if (!row && !(await targetKnown(tx, ref))) throw new NotFoundError("Monitr has not seen this resource in your AWS accounts.");
  const template = TEMPLATES[ref.kind];
  const widgets = row ? storedWidgets(row) : null;
  return {
    ref: formatDashboardRef(ref),
    kind: ref.kind,
    target: ref.target,
    name: row?.name ?? template.name(ref.target),
    description: template.description,
    widgets: widgets ?? template.widgets(ref.target),
    generated: true,
    customized: widgets !== null,
    version: row?.version ?? 0,
    canEdit,
  };
}
