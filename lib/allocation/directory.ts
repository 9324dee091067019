import { and, eq } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { roleAtLeast } from "@/lib/auth/guard";
import { schema, type Tx } from "@/lib/db";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/http/errors";
import { requirePermission } from "@/lib/team/permissions";
import type { Role } from "@/lib/tenants";
import type { OwnerKind, OwnerRef } from "./schemas";

export type DirectoryMember = { userId: string; name: string; email: string; role: Role };
export type DirectoryTeam = { id: string; name: string; memberIds: string[] };
export type DirectoryCostCenter = { id: string; code: string; name: string };

/** Everyone and everything that can own cost in a tenant, read in one transaction. */
export type Directory = { members: DirectoryMember[]; teams: DirectoryTeam[]; costCenters: DirectoryCostCenter[] };

export async function loadDirectory(tx: Tx, tenantId: string): Promise<Directory> {
  const members = await tx
    .select({ userId: schema.memberships.userId, role: schema.memberships.role, name: schema.users.name, email: schema.users.email })
    .from(schema.memberships)
    .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
    .where(eq(schema.memberships.tenantId, tenantId))
    .orderBy(schema.users.name);
  const teamRows = await tx.select().from(schema.teams).where(eq(schema.teams.tenantId, tenantId)).orderBy(schema.teams.name);
  const links = await tx.select().from(schema.teamMembers).where(eq(schema.teamMembers.tenantId, tenantId));
  const memberIds = new Set(members.map((m) => m.userId));
  const teams = teamRows.map((t) => ({
    id: t.id,
    name: t.name,
    // A removed workspace member leaves the team with them.
    memberIds: links.filter((l) => l.teamId === t.id && memberIds.has(l.userId)).map((l) => l.userId),
  }));
  const costCenters = (await tx.select().from(schema.costCenters).where(eq(schema.costCenters.tenantId, tenantId)).orderBy(schema.costCenters.code)).map(
    (c) => ({ id: c.id, code: c.code, name: c.name }),
  );
  return { members, teams, costCenters };
}

export function ownerName(directory: Directory, owner: { kind: OwnerKind; id: string }): string | null {
  const NAMES: Record<OwnerKind, () => string | undefined> = {
    user: () => directory.members.find((m) => m.userId === owner.id)?.name,
    team: () => directory.teams.find((t) => t.id === owner.id)?.name,
    cost_center: () => {
      const c = directory.costCenters.find((x) => x.id === owner.id);
      return c ? `${c.code} · ${c.name}` : undefined;
    },
  };
  return NAMES[owner.kind]() ?? null;
}

/** Throws a field error when the owner does not exist in this tenant. */
export async function assertOwnerExists(tx: Tx, tenantId: string, owner: OwnerRef, field = "owner"): Promise<void> {
  const EXISTS: Record<OwnerKind, () => Promise<unknown[]>> = {
    user: () => tx.select({ id: schema.memberships.userId }).from(schema.memberships).where(and(eq(schema.memberships.tenantId, tenantId), eq(schema.memberships.userId, owner.id))),
    team: () => tx.select({ id: schema.teams.id }).from(schema.teams).where(and(eq(schema.teams.tenantId, tenantId), eq(schema.teams.id, owner.id))),
    cost_center: () => tx.select({ id: schema.costCenters.id }).from(schema.costCenters).where(and(eq(schema.costCenters.tenantId, tenantId), eq(schema.costCenters.id, owner.id))),
  };
  if ((await EXISTS[owner.kind]()).length === 0) throw new ValidationError("That owner does not exist in this workspace.", { [field]: "Choose an existing person, team or cost center." });
}

export const isAdmin = (ctx: Pick<TenantContext, "actor">): boolean => roleAtLeast(ctx.actor.role, "admin");

/**
 * Writes to budgets and allocation need `budgets.edit` (members and up). Admins may act on any
 * owner; a member only on themselves (their own budget, resources they take for themselves).
 */
export function assertMayManageOwner(ctx: Pick<TenantContext, "actor">, owner: { kind: OwnerKind | "tenant"; id: string }): void {
  requirePermission(ctx, "budgets.edit");
  if (isAdmin(ctx)) return;
  if (owner.kind === "user" && owner.id === ctx.actor.userId) return;
  throw new ForbiddenError("Only admins can manage other people's, teams' and the workspace's budgets and resources.");
}

export function assertAdmin(ctx: Pick<TenantContext, "actor">, what: string): void {
  requirePermission(ctx, "budgets.edit");
  if (!isAdmin(ctx)) throw new ForbiddenError(`Only admins can ${what}.`);
}

/** Viewing someone's costs: admins see everyone; a person sees themselves and their teams. */
export function assertMayView(ctx: Pick<TenantContext, "actor">, directory: Directory, owner: { kind: OwnerKind | "tenant"; id: string }): void {
  if (isAdmin(ctx)) return;
  if (owner.kind === "user" && owner.id === ctx.actor.userId) return;
  if (owner.kind === "team" && directory.teams.some((t) => t.id === owner.id && t.memberIds.includes(ctx.actor.userId))) return;
  throw new NotFoundError("Not found.");
}
