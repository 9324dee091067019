import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { dashboards } from "@/db/tables/dashboards";
import type { TenantContext } from "@/lib/auth/guard";
import { recordAudit } from "@/lib/audit";
import { withTenant, type Tx } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { formatDashboardRef, parseDashboardRef, type DashboardRef } from "./dashboard-ref";
import { canEditDashboards, findDashboardRow, resolveDashboard, type Dashboard } from "./get-dashboard";
import { PANELS } from "./panels/registry";
import type { CreateDashboardInput, DashboardKind, SaveDashboardInput, Widget } from "./schemas";

/** Custom dashboards per workspace; generous, but a bound on what one tenant can store. */
export const MAX_CUSTOM_DASHBOARDS = 200;

function requireEditor(ctx: TenantContext): void {
  if (!canEditDashboards(ctx)) throw new ForbiddenError("Viewers can look at dashboards but not change them.");
}

/** Widgets that need the dashboard's own resource must be on a dashboard that has one. */
function checkWidgetsFit(kind: DashboardKind, widgets: Widget[]): void {
  const fields: Record<string, string> = {};
  widgets.forEach((w, i) => {
    if (w.type === "panel") {
      const needs = PANELS[w.panel].needsTarget;
      if (needs && !w.target && needs !== kind) fields[`widgets.${i}.panel`] = "This panel belongs on a dashboard of its own resource.";
    } else if (w.selection.by === "self" && kind !== "ec2-instance" && kind !== "eks-cluster") {
      fields[`widgets.${i}.selection`] = "This dashboard has no resource of its own; pick resources or a tag.";
    } else if (w.selection.by === "cluster-children" && !w.selection.cluster && kind !== "eks-cluster") {
      fields[`widgets.${i}.selection`] = "Name the EKS cluster.";
    }
  });
  if (Object.keys(fields).length) throw new ValidationError("Some widgets do not fit this dashboard.", fields);
}

/** A copy has no resource of its own: widgets that used the source's resource name it explicitly. */
function detach(widgets: Widget[], ref: DashboardRef): Widget[] {
  return widgets.map((w): Widget => {
    if (w.type === "panel") return PANELS[w.panel].needsTarget && !w.target && ref.target ? { ...w, target: ref.target } : w;
    if (w.selection.by === "self" && ref.kind === "ec2-instance") return { ...w, selection: { by: "resources", resourceKind: "ec2_instance", resourceIds: [ref.target] } };
    if (w.selection.by === "self" && ref.kind === "eks-cluster") return { ...w, selection: { by: "resources", resourceKind: "eks_cluster", resourceIds: [ref.target] } };
    if (w.selection.by === "cluster-children" && !w.selection.cluster && ref.kind === "eks-cluster") return { ...w, selection: { ...w.selection, cluster: ref.target } };
    return w;
  });
}

async function inTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withTenant(ctx.tenant.id, fn, { db: ctx.db, userId: ctx.actor.userId });
}

/**
 * Saves a dashboard's whole layout (every add, remove, reorder, resize and rename is a save).
 * The first save of a generated dashboard stores its layout; from then on it no longer follows
 * the template, but its widgets still select resources dynamically.
 */
export async function saveDashboard({ ctx, ref: rawRef, input }: { ctx: TenantContext; ref: string; input: SaveDashboardInput }): Promise<Dashboard> {
  requireEditor(ctx);
  const ref = parseDashboardRef(rawRef);
  checkWidgetsFit(ref.kind, input.widgets);
  return inTenant(ctx, async (tx) => {
    await resolveDashboard(tx, ctx, ref); // 404 for unknown targets and custom ids
    const row = await findDashboardRow(tx, ctx.tenant.id, ref, true);
    if ((row?.version ?? 0) !== input.version) throw new ConflictError("Someone else changed this dashboard; reload to see their changes.");
    if (row) {
      await tx
        .update(dashboards)
        .set({ name: input.name, widgets: input.widgets, version: row.version + 1, updatedAt: new Date() })
        .where(and(eq(dashboards.tenantId, ctx.tenant.id), eq(dashboards.id, row.id)));
    } else {
      // Two first saves race on the unique (tenant, kind, target): the loser's insert does nothing.
      const inserted = await tx
        .insert(dashboards)
        .values({ tenantId: ctx.tenant.id, kind: ref.kind, target: ref.target, name: input.name, widgets: input.widgets, createdBy: ctx.actor.userId })
        .onConflictDoNothing()
        .returning({ id: dashboards.id });
      if (inserted.length === 0) throw new ConflictError("Someone else changed this dashboard; reload to see their changes.");
    }
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "dashboard.saved", target: formatDashboardRef(ref), data: { widgets: input.widgets.length, name: input.name } });
    return resolveDashboard(tx, ctx, ref);
  });
}

/** A blank dashboard, or a copy of any dashboard (generated ones as currently shown). */
export async function createDashboard({ ctx, input }: { ctx: TenantContext; input: CreateDashboardInput }): Promise<Dashboard> {
  requireEditor(ctx);
  return inTenant(ctx, async (tx) => {
    const [{ n }] = (await tx.execute<{ n: number }>(sql`select count(*)::int as n from dashboards where tenant_id = app_current_tenant() and kind = 'custom'`)).rows;
    if (n >= MAX_CUSTOM_DASHBOARDS) throw new ValidationError(`A workspace holds at most ${MAX_CUSTOM_DASHBOARDS} custom dashboards.`, { name: "Delete a dashboard first." });
    let widgets: Widget[] = [];
    if (input.copyOf) {
      let source: DashboardRef;
      try {
        source = parseDashboardRef(input.copyOf);
      } catch {
        throw new ValidationError("There is no such dashboard to copy.", { copyOf: "No such dashboard." });
      }
      widgets = detach((await resolveDashboard(tx, ctx, source)).widgets, source);
    }
    const id = crypto.randomUUID();
    await tx.insert(dashboards).values({ tenantId: ctx.tenant.id, id, kind: "custom", target: id, name: input.name, widgets, createdBy: ctx.actor.userId });
    const ref: DashboardRef = { kind: "custom", target: id };
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "dashboard.created", target: formatDashboardRef(ref), data: { name: input.name, copyOf: input.copyOf ?? null } });
    return resolveDashboard(tx, ctx, ref);
  });
}

/** Back to the template: the stored layout of a generated dashboard is dropped. */
export async function resetDashboard({ ctx, ref: rawRef }: { ctx: TenantContext; ref: string }): Promise<Dashboard> {
  requireEditor(ctx);
  const ref = parseDashboardRef(rawRef);
  if (ref.kind === "custom") throw new ValidationError("Only generated dashboards have a template to reset to.", { ref: "Not a generated dashboard." });
  return inTenant(ctx, async (tx) => {
    await tx.delete(dashboards).where(and(eq(dashboards.tenantId, ctx.tenant.id), eq(dashboards.kind, ref.kind), eq(dashboards.target, ref.target)));
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "dashboard.reset", target: formatDashboardRef(ref) });
    return resolveDashboard(tx, ctx, ref);
  });
}

export async function deleteDashboard({ ctx, ref: rawRef }: { ctx: TenantContext; ref: string }): Promise<void> {
  requireEditor(ctx);
  const ref = parseDashboardRef(rawRef);
  if (ref.kind !== "custom") throw new ValidationError("Generated dashboards cannot be deleted; reset one to its template instead.", { ref: "Generated dashboard." });
  await inTenant(ctx, async (tx) => {
    const deleted = await tx
      .delete(dashboards)
      .where(and(eq(dashboards.tenantId, ctx.tenant.id), eq(dashboards.kind, "custom"), eq(dashboards.target, ref.target)))
      .returning({ id: dashboards.id });
    if (deleted.length === 0) throw new NotFoundError("No such dashboard.");
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "dashboard.deleted", target: formatDashboardRef(ref) });
  });
}

export async function getDashboard({ ctx, ref }: { ctx: TenantContext; ref: string }): Promise<Dashboard> {
  return inTenant(ctx, (tx) => resolveDashboard(tx, ctx, parseDashboardRef(ref)));
}
