import { and, eq } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { isUniqueViolation, schema, withTenant, type Tx } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { assertAdmin, assertOwnerExists, loadDirectory, type Directory } from "./directory";
import { CostCenterInput, TeamInput, TeamMemberInput } from "./schemas";

type Verb = { ctx: TenantContext; input: unknown };
const opts = (ctx: TenantContext) => ({ db: ctx.db, userId: ctx.actor.userId });

export async function getDirectory(ctx: TenantContext): Promise<Directory> {
  return withTenant(ctx.tenant.id, (tx) => loadDirectory(tx, ctx.tenant.id), opts(ctx));
}

async function teamInTenant(tx: Tx, tenantId: string, id: string) {
  const [team] = await tx.select().from(schema.teams).where(and(eq(schema.teams.tenantId, tenantId), eq(schema.teams.id, id)));
  if (!team) throw new NotFoundError("No such team.");
  return team;
}

export async function createTeam({ ctx, input }: Verb): Promise<{ id: string; name: string }> {
  assertAdmin(ctx, "create teams");
  const data = parseInput(TeamInput, input);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      try {
        const [team] = await tx.insert(schema.teams).values({ tenantId: ctx.tenant.id, name: data.name, createdBy: ctx.actor.userId }).returning();
        await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "allocation.team_created", target: team.id, data: { name: data.name } });
        return { id: team.id, name: team.name };
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError("A team with this name exists.", { name: "A team with this name exists." });
        throw error;
      }
    },
    opts(ctx),
  );
}

export async function deleteTeam({ ctx, id }: { ctx: TenantContext; id: string }): Promise<void> {
  assertAdmin(ctx, "delete teams");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const team = await teamInTenant(tx, ctx.tenant.id, id);
      const open = await tx
        .select({ id: schema.resourceAssignments.id })
        .from(schema.resourceAssignments)
        .where(and(eq(schema.resourceAssignments.tenantId, ctx.tenant.id), eq(schema.resourceAssignments.ownerKind, "team"), eq(schema.resourceAssignments.ownerId, id)));
      const rules = await tx.select({ id: schema.allocationRules.id }).from(schema.allocationRules).where(and(eq(schema.allocationRules.tenantId, ctx.tenant.id), eq(schema.allocationRules.ownerId, id)));
      if (open.length || rules.length) throw new ConflictError("This team owns resources or tag rules; reassign them first.");
      await tx.delete(schema.teamMembers).where(and(eq(schema.teamMembers.tenantId, ctx.tenant.id), eq(schema.teamMembers.teamId, id)));
      await tx.delete(schema.budgets).where(and(eq(schema.budgets.tenantId, ctx.tenant.id), eq(schema.budgets.scopeKind, "team"), eq(schema.budgets.scopeId, id)));
      await tx.delete(schema.teams).where(and(eq(schema.teams.tenantId, ctx.tenant.id), eq(schema.teams.id, id)));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "allocation.team_deleted", target: id, data: { name: team.name } });
    },
    opts(ctx),
  );
}

export async function addTeamMember({ ctx, teamId, input }: Verb & { teamId: string }): Promise<void> {
  assertAdmin(ctx, "change team membership");
  const data = parseInput(TeamMemberInput, input);
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      await teamInTenant(tx, ctx.tenant.id, teamId);
      await assertOwnerExists(tx, ctx.tenant.id, { kind: "user", id: data.userId }, "userId");
      const added = await tx.insert(schema.teamMembers).values({ tenantId: ctx.tenant.id, teamId, userId: data.userId }).onConflictDoNothing().returning();
      if (added.length) await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "allocation.team_member_added", target: teamId, data: { userId: data.userId } });
    },
    opts(ctx),
  );
}

export async function removeTeamMember({ ctx, teamId, userId }: { ctx: TenantContext; teamId: string; userId: string }): Promise<void> {
  assertAdmin(ctx, "change team membership");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      await teamInTenant(tx, ctx.tenant.id, teamId);
      const removed = await tx
        .delete(schema.teamMembers)
        .where(and(eq(schema.teamMembers.tenantId, ctx.tenant.id), eq(schema.teamMembers.teamId, teamId), eq(schema.teamMembers.userId, userId)))
        .returning();
      if (!removed.length) throw new NotFoundError("This person is not in the team.");
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "allocation.team_member_removed", target: teamId, data: { userId } });
    },
    opts(ctx),
  );
}

export async function createCostCenter({ ctx, input }: Verb): Promise<{ id: string; code: string; name: string }> {
  assertAdmin(ctx, "create cost centers");
  const data = parseInput(CostCenterInput, input);
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      try {
        const [row] = await tx.insert(schema.costCenters).values({ tenantId: ctx.tenant.id, code: data.code, name: data.name }).returning();
        await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "allocation.cost_center_created", target: row.id, data });
        return { id: row.id, code: row.code, name: row.name };
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError("A cost center with this code exists.", { code: "A cost center with this code exists." });
        throw error;
      }
    },
    opts(ctx),
  );
}
