import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { isUniqueViolation, schema, withTenant, type Tx } from "@/lib/db";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { assertMayManageOwner, assertOwnerExists, isAdmin } from "./directory";
import { AssignInput, UnassignInput, type OwnerRef, type ResourceRef } from "./schemas";

export type AssignmentRow = typeof schema.resourceAssignments.$inferSelect;
export type AssignResult = { assigned: number; unchanged: number };

const ra = schema.resourceAssignments;
const keyOf = (r: ResourceRef) => `${r.connectionId}|${r.region}|${r.kind}|${r.resourceId}`;

function sameResource(tenantId: string, r: ResourceRef) {
  return and(eq(ra.tenantId, tenantId), eq(ra.connectionId, r.connectionId), eq(ra.region, r.region), eq(ra.resourceKind, r.kind), eq(ra.resourceId, r.resourceId));
}

/** Resources Monitr has inventoried (any state, current knowledge); unknown ones are a field error. */
async function assertKnown(tx: Tx, tenantId: string, resources: ResourceRef[]): Promise<void> {
  const r = schema.resources;
  const rows = await tx
    .selectDistinct({ connectionId: r.connectionId, region: r.region, kind: r.kind, resourceId: r.resourceId })
    .from(r)
    .where(
      and(
        eq(r.tenantId, tenantId),
        isNull(r.recordedTo),
        sql`(${r.connectionId}, ${r.region}, ${r.kind}, ${r.resourceId}) in (select * from unnest(${sql.param(resources.map((x) => x.connectionId))}::uuid[], ${sql.param(resources.map((x) => x.region))}::text[], ${sql.param(resources.map((x) => x.kind))}::text[], ${sql.param(resources.map((x) => x.resourceId))}::text[]))`,
      ),
    );
  const known = new Set(rows.map((x) => keyOf({ connectionId: x.connectionId, region: x.region, kind: x.kind, resourceId: x.resourceId })));
  const missing = resources.findIndex((x) => !known.has(keyOf(x)));
  if (missing >= 0) throw new ValidationError(`Monitr does not know resource ${resources[missing]?.resourceId}.`, { [`resources.${missing}`]: "Unknown resource." });
}

/** Closes the open row of each resource (if any, and if its owner differs) and opens one for the new owner. */
async function reassign(tx: Tx, ctx: TenantContext, resources: ResourceRef[], owner: OwnerRef | null, note: string | undefined, now: Date): Promise<AssignResult> {
  let assigned = 0;
  let unchanged = 0;
  for (const r of resources) {
    // Locks the open row so two admins reassigning the same resource serialize.
    const [open] = await tx.select().from(ra).where(and(sameResource(ctx.tenant.id, r), isNull(ra.validTo))).for("update");
    if (owner && open && open.ownerKind === owner.kind && open.ownerId === owner.id) {
      unchanged++;
      continue;
    }
    if (!owner && !open) {
      unchanged++;
      continue;
    }
    // A member may take a resource for themselves only if nobody else owns it directly.
    if (open && !isAdmin(ctx) && !(open.ownerKind === "user" && open.ownerId === ctx.actor.userId)) {
      throw new ConflictError(`${r.resourceId} is assigned to someone else; ask an admin to reassign it.`);
    }
    if (open) await tx.update(ra).set({ validTo: now, endedBy: ctx.actor.userId }).where(and(eq(ra.tenantId, ctx.tenant.id), eq(ra.id, open.id)));
    if (owner) {
      await tx.insert(ra).values({
        tenantId: ctx.tenant.id,
        connectionId: r.connectionId,
        region: r.region,
        resourceKind: r.kind,
        resourceId: r.resourceId,
        ownerKind: owner.kind,
        ownerId: owner.id,
        note: note ?? null,
        assignedBy: ctx.actor.userId,
        validFrom: now,
      });
    }
    await recordAudit(tx, {
      tenantId: ctx.tenant.id,
      actorUserId: ctx.actor.userId,
      action: owner ? "allocation.assigned" : "allocation.unassigned",
      target: `${r.kind}:${r.resourceId}`,
      data: { resource: r, from: open ? { kind: open.ownerKind, id: open.ownerId } : null, to: owner, ...(note ? { note } : {}) },
      ip: ctx.session?.ip ?? null,
    });
    assigned++;
  }
  return { assigned, unchanged };
}

/** Assigns one or many resources to a person, a team or a cost center (all or nothing). */
export async function assignResources({ ctx, input, now = new Date() }: { ctx: TenantContext; input: unknown; now?: Date }): Promise<AssignResult> {
  const data = parseInput(AssignInput, input);
  assertMayManageOwner(ctx, data.owner);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      await assertOwnerExists(tx, ctx.tenant.id, data.owner);
      await assertKnown(tx, ctx.tenant.id, data.resources);
      try {
        return await reassign(tx, ctx, dedupe(data.resources), data.owner, data.note, now);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError("Someone changed these assignments at the same moment; try again.");
        throw error;
      }
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Ends the direct assignment of the resources; tag rules apply to them again. */
export async function unassignResources({ ctx, input, now = new Date() }: { ctx: TenantContext; input: unknown; now?: Date }): Promise<AssignResult> {
  const data = parseInput(UnassignInput, input);
  assertMayManageOwner(ctx, isAdmin(ctx) ? { kind: "tenant", id: ctx.tenant.id } : { kind: "user", id: ctx.actor.userId });
  return withTenant(ctx.tenant.id, (tx) => reassign(tx, ctx, dedupe(data.resources), null, undefined, now), { db: ctx.db, userId: ctx.actor.userId });
}

function dedupe(resources: ResourceRef[]): ResourceRef[] {
  return [...new Map(resources.map((r) => [keyOf(r), r])).values()];
}

/** Every ownership interval of one resource, newest first. */
export async function assignmentHistory({ ctx, resource }: { ctx: TenantContext; resource: ResourceRef }): Promise<AssignmentRow[]> {
  return withTenant(ctx.tenant.id, (tx) => tx.select().from(ra).where(sameResource(ctx.tenant.id, resource)).orderBy(desc(ra.validFrom), desc(ra.id)), { db: ctx.db, userId: ctx.actor.userId });
}

/** Assignment intervals overlapping [from, to] (all resources; one starting at `to` decides the owner at the end). */
export async function assignmentsOverlapping(tx: Tx, tenantId: string, from: Date, to: Date): Promise<AssignmentRow[]> {
  return tx
    .select()
    .from(ra)
    .where(and(eq(ra.tenantId, tenantId), sql`${ra.validFrom} <= ${to.toISOString()}::timestamptz`, sql`(${ra.validTo} is null or ${ra.validTo} > ${from.toISOString()}::timestamptz)`))
    .orderBy(asc(ra.validFrom));
}

export async function getAssignment(tx: Tx, tenantId: string, r: ResourceRef): Promise<AssignmentRow> {
  const [row] = await tx.select().from(ra).where(and(sameResource(tenantId, r), isNull(ra.validTo)));
  if (!row) throw new NotFoundError("This resource has no direct owner.");
  return row;
}
