import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import { checkSecondFactor, TwoFactorRequiredError, verifyCredentials } from "@/lib/auth/authenticate";
import { hashToken, issueHandoff } from "@/lib/auth/handoff";
import { hashPassword, passwordProblem, PASSWORD_MAX } from "@/lib/auth/password";
import { PLANS } from "@/lib/billing";
import { enterTenant, isUniqueViolation, schema, withTenant, type Db } from "@/lib/db";
import { ConflictError, PlanLimitError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import type { SecretBox } from "@/lib/security/secret-box";
import type { Role, Tenant } from "@/lib/tenants";

const Token = z.string({ error: "This invitation link is not valid." }).min(1).max(200, "This invitation link is not valid.");

export const AcceptInvitationInput = z.discriminatedUnion(
  "mode",
  [
    z.object({
      mode: z.literal("new"),
      token: Token,
      name: z.string({ error: "Enter your full name." }).trim().min(1, "Enter your full name.").max(120, "Use at most 120 characters."),
      password: z.string({ error: "Choose a password." }).max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters.`),
    }),
    z.object({
      mode: z.literal("existing"),
      token: Token,
      password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(PASSWORD_MAX),
      code: z.string().trim().max(32).optional().transform((c) => c || undefined),
    }),
  ],
  { error: "Choose whether to create an account or use yours." },
);
export type AcceptInvitationInput = z.infer<typeof AcceptInvitationInput>;

export type InvitationView =
  | { status: "valid"; email: string; role: Role; accountExists: boolean }
  | { status: "expired" | "used" | "revoked" | "unknown" };

/** What the invitation page shows for a link, on the workspace's own subdomain. */
export async function viewInvitation(db: Db, tenantId: string, token: string): Promise<InvitationView> {
  if (!token || token.length > 200) return { status: "unknown" };
  const [row] = await withTenant(tenantId, (tx) => tx.select().from(schema.invitations).where(eq(schema.invitations.tokenHash, hashToken(token))).limit(1), { db });
  if (!row) return { status: "unknown" };
  if (row.acceptedAt) return { status: "used" };
  if (row.revokedAt) return { status: "revoked" };
  if (row.expiresAt.getTime() <= Date.now()) return { status: "expired" };
  const existing = await db.execute(sql`select 1 from users where lower(email) = ${row.email.toLowerCase()} limit 1`);
  return { status: "valid", email: row.email, role: row.role, accountExists: existing.rows.length > 0 };
}

const gone = () => new ConflictError("This invitation has expired, was revoked or was already used. Ask for a new one.", { token: "This invitation is no longer valid." });

/**
 * Accepts an invitation: a new person sets a name and password, an existing one proves it is them
 * (password, and the second factor when they have it). Consuming the link, creating the account
 * and the membership, the audit rows and the one-time sign-in token happen in one transaction.
 */
export async function acceptInvitation({
  db,
  tenant,
  input,
  box,
  ip,
}: {
  db: Db;
  tenant: Tenant;
  input: unknown;
  box: SecretBox;
  ip?: string | null;
}): Promise<{ userId: string; handoffToken: string }> {
  const data = parseInput(AcceptInvitationInput, input);
  const view = await viewInvitation(db, tenant.id, data.token);
  if (view.status !== "valid") throw gone();

  let existingUserId: string | null = null;
  let newUser: { name: string; passwordHash: string } | null = null;
  if (data.mode === "existing") {
    const user = await verifyCredentials(db, view.email, data.password);
    if (!user) throw new ValidationError("That password is not right for this account.", { password: `That password is not right for ${view.email}.` });
    const second = await checkSecondFactor(db, box, user.id, data.code);
    if (second.challenge) throw new TwoFactorRequiredError(second.challenge.reason === "TwoFactorInvalid");
    existingUserId = user.id;
  } else {
    if (view.accountExists) throw new ConflictError("You already have a Monitr account.", { password: "You already have an account with this email: sign in with it instead." });
    const weak = passwordProblem(data.password, { email: view.email });
    if (weak) throw new ValidationError("Choose a stronger password.", { password: weak });
    newUser = { name: data.name, passwordHash: await hashPassword(data.password) };
  }

  try {
    return await db.transaction(async (tx) => {
      let userId = existingUserId;
      if (newUser) {
        const [created] = await tx.insert(schema.users).values({ email: view.email, name: newUser.name, passwordHash: newUser.passwordHash }).returning({ id: schema.users.id });
        userId = created.id;
      }
      await enterTenant(tx, tenant.id, userId!);
      const [invite] = await tx
        .update(schema.invitations)
        .set({ acceptedAt: sql`now()`, acceptedBy: userId })
        .where(and(eq(schema.invitations.tokenHash, hashToken(data.token)), isNull(schema.invitations.acceptedAt), isNull(schema.invitations.revokedAt), gt(schema.invitations.expiresAt, sql`now()`)))
        .returning();
      if (!invite) throw gone();
      const members = await tx.execute<{ n: number }>(sql`select count(*)::int as n from memberships where tenant_id = ${tenant.id}`);
      const limit = PLANS[tenant.plan].limits.teamMembers;
      if ((members.rows[0]?.n ?? 0) >= limit) throw new PlanLimitError(`This workspace has reached its plan's ${limit} team members. Ask an owner to upgrade.`);
      const joined = await tx.insert(schema.memberships).values({ tenantId: tenant.id, userId: userId!, role: invite.role }).onConflictDoNothing().returning();
      await recordAudit(tx, {
        tenantId: tenant.id,
        actorUserId: userId,
        action: "invitation.accepted",
        target: invite.email,
        ip,
        data: { invitationId: invite.id, role: invite.role, newAccount: Boolean(newUser), alreadyMember: joined.length === 0 },
      });
      return { userId: userId!, handoffToken: await issueHandoff(tx, tenant.id, userId!) };
    });
  } catch (error) {
    if (isUniqueViolation(error, "users_email_lower_key")) throw new ConflictError("An account with this email was just created. Sign in with it.", { password: "An account with this email already exists." });
    throw error;
  }
}
