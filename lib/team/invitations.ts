import crypto from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { hashToken } from "@/lib/auth/handoff";
import { Email } from "@/lib/auth/schemas";
import { PLANS } from "@/lib/billing";
import { isUniqueViolation, schema, withTenant } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError, PlanLimitError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { logger } from "@/lib/log";
import type { Mailer } from "@/lib/mail";
import type { Role } from "@/lib/tenants";
import { MemberRole, seatsUsed } from "./members";
import { requirePermission } from "./permissions";

export const INVITE_TTL_DAYS = 7;

export const InviteInput = z.object({ email: Email, role: MemberRole.default("member") });
export type InviteInput = z.infer<typeof InviteInput>;

export type Invitation = { id: string; email: string; role: Role; createdAt: Date; expiresAt: Date; invitedBy: string | null };

export type InviteDeps = { mailer: Mailer; inviteUrl: (token: string) => string };

/**
 * Invites a person by email with a role. The link's token is stored only as its SHA-256; a new
 * invitation to the same address replaces the open one. The mail goes out after the commit (a
 * message cannot be rolled back); the link is also returned so an admin can pass it on.
 */
export async function inviteMember({ ctx, input, deps }: { ctx: TenantContext; input: unknown; deps: InviteDeps }): Promise<{ invitation: Invitation; link: string; mailed: boolean }> {
  requirePermission(ctx, "members.invite");
  const data = parseInput(InviteInput, input);
  if (data.role === "owner" && ctx.actor.role !== "owner") throw new ForbiddenError("Only an owner can invite another owner.");
  const token = crypto.randomBytes(32).toString("base64url");
  const limit = PLANS[ctx.tenant.plan].limits.teamMembers;
  let invitation: Invitation;
  try {
    invitation = await withTenant(
      ctx.tenant.id,
      async (tx) => {
        // Serializes invitations per workspace so two at once cannot both take the last seat.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext('invitations'), hashtext(${ctx.tenant.id}))`);
        const member = await tx.execute(sql`select 1 from memberships m join users u on u.id = m.user_id where lower(u.email) = ${data.email}`);
        if (member.rows.length) throw new ConflictError("This person is already a member.", { email: "This person is already a member of the workspace." });
        const replaced = await tx
          .update(schema.invitations)
          .set({ revokedAt: sql`now()` })
          .where(and(sql`lower(${schema.invitations.email}) = ${data.email}`, isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
          .returning({ id: schema.invitations.id });
        if (await seatsUsed(tx, ctx.tenant.id) >= limit) {
          throw new PlanLimitError(`The ${PLANS[ctx.tenant.plan].name} plan includes ${limit} team members (invitations count). Upgrade to Pro to invite more.`);
        }
        const [row] = await tx
          .insert(schema.invitations)
          .values({
            tenantId: ctx.tenant.id,
            email: data.email,
            role: data.role,
            tokenHash: hashToken(token),
            invitedBy: ctx.actor.userId,
            expiresAt: new Date(Date.now() + INVITE_TTL_DAYS * 86_400_000),
          })
          .returning();
        await recordAudit(tx, {
          tenantId: ctx.tenant.id,
          actorUserId: ctx.actor.userId,
          action: "invitation.created",
          target: data.email,
          ip: ctx.session?.ip,
          data: { role: data.role, invitationId: row.id, ...(replaced.length ? { replaced: replaced.map((r) => r.id) } : {}) },
        });
        return { id: row.id, email: row.email, role: row.role, createdAt: row.createdAt, expiresAt: row.expiresAt, invitedBy: row.invitedBy };
      },
      { db: ctx.db, userId: ctx.actor.userId },
    );
  } catch (error) {
    if (isUniqueViolation(error, "invitations_open_email_key")) throw new ConflictError("An invitation to this address was just sent.", { email: "An invitation to this address was just sent." });
    throw error;
  }
  const link = deps.inviteUrl(token);
  const mailed = await deps.mailer
    .send({
      to: data.email,
      subject: `${ctx.actor.name} invited you to ${ctx.tenant.name} on Monitr`,
      text:
        `${ctx.actor.name} (${ctx.actor.email}) invited you to join ${ctx.tenant.name} on Monitr as ${articled(data.role)}.\n\n` +
        `Accept the invitation (the link works once and expires in ${INVITE_TTL_DAYS} days):\n\n${link}\n\n` +
        `If you weren't expecting this, you can ignore this email.\n`,
    })
    .then(
      () => true,
      (error: unknown) => {
        logger.error({ err: error, tenant: ctx.tenant.slug }, "invitation mail failed");
        return false;
      },
    );
  return { invitation, link, mailed };
}

function articled(role: Role): string {
  return role === "admin" || role === "owner" ? `an ${role}` : `a ${role}`;
}

/** Open invitations (not accepted, revoked or expired), newest first. */
export async function listInvitations(ctx: TenantContext): Promise<Invitation[]> {
  requirePermission(ctx, "members.invite");
  return withTenant(
    ctx.tenant.id,
    (tx) =>
      tx
        .select({
          id: schema.invitations.id,
          email: schema.invitations.email,
          role: schema.invitations.role,
          createdAt: schema.invitations.createdAt,
          expiresAt: schema.invitations.expiresAt,
          invitedBy: schema.invitations.invitedBy,
        })
        .from(schema.invitations)
        .where(and(isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt), gt(schema.invitations.expiresAt, sql`now()`)))
        .orderBy(desc(schema.invitations.createdAt)),
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

export async function revokeInvitation({ ctx, id }: { ctx: TenantContext; id: string }): Promise<void> {
  requirePermission(ctx, "members.invite");
  if (!z.uuid().safeParse(id).success) throw new NotFoundError("This invitation does not exist.");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx
        .update(schema.invitations)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(schema.invitations.tenantId, ctx.tenant.id), eq(schema.invitations.id, id), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt)))
        .returning();
      if (!row) throw new NotFoundError("This invitation was already accepted or revoked.");
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "invitation.revoked", target: row.email, ip: ctx.session?.ip, data: { invitationId: id } });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
