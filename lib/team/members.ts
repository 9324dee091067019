import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Tx } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import type { Role } from "@/lib/tenants";
import { requirePermission } from "./permissions";

export const MemberRole = z.enum(["owner", "admin", "member", "viewer"], { error: "Choose owner, admin, member or viewer." });
export const ChangeRoleInput = z.object({ userId: z.uuid({ error: "Choose a member." }), role: MemberRole });
export type ChangeRoleInput = z.infer<typeof ChangeRoleInput>;
export const MemberRef = z.object({ userId: z.uuid({ error: "Choose a member." }) });
export type MemberRef = z.infer<typeof MemberRef>;

export type Member = { userId: string; name: string; email: string; role: Role; joinedAt: Date; twoFactor: boolean };

export async function listMembers(ctx: TenantContext): Promise<Member[]> {
  requirePermission(ctx, "members.view");
  const rows = await withTenant(
    ctx.tenant.id,
    (tx) =>
      tx
        .select({ userId: schema.memberships.userId, role: schema.memberships.role, joinedAt: schema.memberships.createdAt, name: schema.users.name, email: schema.users.email })
        .from(schema.memberships)
        .innerJoin(schema.users, eq(schema.users.id, schema.memberships.userId))
        .orderBy(schema.users.name),
    { db: ctx.db, userId: ctx.actor.userId },
  );
  // Whether each member has two-factor on (owners decide on "require 2FA" with this); the
  // application role cannot read that column, so it is read as the owner for these ids only.
  const ids = rows.map((r) => r.userId);
  const withTotp = ids.length
    ? new Set(
        (await ctx.db.select({ id: schema.users.id }).from(schema.users).where(and(inArray(schema.users.id, ids), sql`${schema.users.totpEnabledAt} is not null`))).map((r) => r.id),
      )
    : new Set<string>();
  return rows.map((r) => ({ ...r, twoFactor: withTotp.has(r.userId) }));
}

/** Locks the owners' rows so two owners demoting each other at once cannot leave none. */
async function lockOwners(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx.execute<{ user_id: string }>(sql`select user_id from memberships where tenant_id = ${tenantId} and role = 'owner' for update`);
  return rows.rows.map((r) => r.user_id);
}

async function memberRole(tx: Tx, tenantId: string, userId: string): Promise<Role> {
  const [row] = await tx
    .select({ role: schema.memberships.role })
    .from(schema.memberships)
    .where(and(eq(schema.memberships.tenantId, tenantId), eq(schema.memberships.userId, userId)))
    .for("update");
  if (!row) throw new NotFoundError("This person is not a member of the workspace.");
  return row.role;
}

/** Admins manage members up to admin; only owners make, unmake or touch owners. */
function assertMayManage(ctx: TenantContext, current: Role, next?: Role): void {
  if ((current === "owner" || next === "owner") && ctx.actor.role !== "owner") {
    throw new ForbiddenError("Only an owner can change an owner's role or make someone an owner.");
  }
}

export async function changeMemberRole({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<{ userId: string; role: Role }> {
  requirePermission(ctx, "members.manage");
  const data = parseInput(ChangeRoleInput, input);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const owners = await lockOwners(tx, ctx.tenant.id);
      const current = await memberRole(tx, ctx.tenant.id, data.userId);
      assertMayManage(ctx, current, data.role);
      if (current === data.role) return { userId: data.userId, role: current };
      if (current === "owner" && owners.length === 1) {
        throw new ConflictError("A workspace needs at least one owner. Make someone else an owner first, or transfer ownership.", { role: "The last owner cannot be demoted." });
      }
      await tx
        .update(schema.memberships)
        .set({ role: data.role })
        .where(and(eq(schema.memberships.tenantId, ctx.tenant.id), eq(schema.memberships.userId, data.userId)));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "member.role_changed", target: data.userId, ip: ctx.session?.ip, data: { from: current, to: data.role } });
      return { userId: data.userId, role: data.role };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Removes a member (or lets anyone leave); their sessions in this workspace end with it. */
export async function removeMember({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<void> {
  const data = parseInput(MemberRef, input);
  const leaving = data.userId === ctx.actor.userId;
  if (!leaving) requirePermission(ctx, "members.manage");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const owners = await lockOwners(tx, ctx.tenant.id);
      const current = await memberRole(tx, ctx.tenant.id, data.userId);
      if (!leaving) assertMayManage(ctx, current);
      if (current === "owner" && owners.length === 1) {
        throw new ConflictError("The last owner cannot be removed. Transfer ownership first, or delete the workspace.");
      }
      await tx.delete(schema.memberships).where(and(eq(schema.memberships.tenantId, ctx.tenant.id), eq(schema.memberships.userId, data.userId)));
      await tx
        .update(schema.sessions)
        .set({ revokedAt: sql`now()`, revokedReason: "removed_from_workspace" })
        .where(and(eq(schema.sessions.tenantId, ctx.tenant.id), eq(schema.sessions.userId, data.userId), isNull(schema.sessions.revokedAt)));
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: leaving ? "member.left" : "member.removed",
        target: data.userId,
        ip: ctx.session?.ip,
        data: { role: current },
      });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** The owner hands ownership to another member and becomes an admin, in one step. */
export async function transferOwnership({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<void> {
  requirePermission(ctx, "owners.manage");
  const data = parseInput(MemberRef, input);
  if (data.userId === ctx.actor.userId) throw new ConflictError("You already own this workspace.", { userId: "Choose another member." });
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      await lockOwners(tx, ctx.tenant.id);
      const mine = await memberRole(tx, ctx.tenant.id, ctx.actor.userId);
      if (mine !== "owner") throw new ForbiddenError("Only an owner can transfer ownership.");
      const theirs = await memberRole(tx, ctx.tenant.id, data.userId);
      await tx.update(schema.memberships).set({ role: "owner" }).where(and(eq(schema.memberships.tenantId, ctx.tenant.id), eq(schema.memberships.userId, data.userId)));
      await tx.update(schema.memberships).set({ role: "admin" }).where(and(eq(schema.memberships.tenantId, ctx.tenant.id), eq(schema.memberships.userId, ctx.actor.userId)));
      await recordAudit(tx, {
        tenantId: ctx.tenant.id,
        actorUserId: ctx.actor.userId,
        action: "member.ownership_transferred",
        target: data.userId,
        ip: ctx.session?.ip,
        data: { from: ctx.actor.userId, previousRole: theirs },
      });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

/** Team-size limit: members plus open invitations. */
export async function seatsUsed(tx: Tx, tenantId: string): Promise<number> {
  const rows = await tx.execute<{ n: number }>(sql`
    select (select count(*) from memberships where tenant_id = ${tenantId})
         + (select count(*) from invitations where tenant_id = ${tenantId} and accepted_at is null and revoked_at is null and expires_at > now()) as n`);
  return Number(rows.rows[0]?.n ?? 0);
}
