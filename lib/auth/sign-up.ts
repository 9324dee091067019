import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import { enterTenant, isUniqueViolation, schema, type Db } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { checkSlug, SLUG_PROBLEM_MESSAGES, slugProblem } from "@/lib/tenants";
import { issueHandoff } from "./handoff";
import { hashPassword, passwordProblem } from "./password";
import type { SignupInput } from "./schemas";

export type SignupResult = { tenantId: string; userId: string; slug: string; handoffToken: string };

/**
 * Creates the user, the tenant and the owner membership in one transaction, with the audit row
 * and the hand-off token that signs the user in on the new subdomain. Any failure leaves nothing.
 */
export async function signUp({ db, input, ip }: { db: Db; input: SignupInput; ip?: string | null }): Promise<SignupResult> {
  const fields: Record<string, string> = {};
  const weak = passwordProblem(input.password, { email: input.email, company: input.company });
  if (weak) fields.password = weak;
  const problem = slugProblem(input.slug);
  if (problem) fields.slug = SLUG_PROBLEM_MESSAGES[problem];
  const existing = await db.execute(sql`select 1 from users where lower(email) = ${input.email} limit 1`);
  if (existing.rows.length) fields.email = "An account with this email already exists. Log in instead.";
  if (!fields.slug) {
    const check = await checkSlug(db, { slug: input.slug });
    if (!check.available) fields.slug = `${check.message}${check.suggestion ? ` Try "${check.suggestion}".` : ""}`;
  }
  if (Object.keys(fields).length) throw new ValidationError("Please correct the highlighted fields.", fields);

  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [tenant] = await tx
        .insert(schema.tenants)
        .values({ slug: input.slug, name: input.company, requestedPlan: input.plan })
        .returning();
      const [user] = await tx.insert(schema.users).values({ email: input.email, name: input.name, passwordHash }).returning();
      await enterTenant(tx, tenant.id, user.id);
      await tx.insert(schema.memberships).values({ tenantId: tenant.id, userId: user.id, role: "owner" });
      await recordAudit(tx, {
        tenantId: tenant.id,
        actorUserId: user.id,
        action: "tenant.created",
        target: tenant.slug,
        data: { plan: "free", requestedPlan: input.plan },
        ip,
      });
      const handoffToken = await issueHandoff(tx, tenant.id, user.id);
      return { tenantId: tenant.id, userId: user.id, slug: tenant.slug, handoffToken };
    });
  } catch (error) {
    // Two sign-ups racing for the same email or subdomain: the unique index decides.
    if (isUniqueViolation(error, "users_email_lower_key")) {
      throw new ConflictError("An account with this email already exists.", { email: "An account with this email already exists. Log in instead." });
    }
    if (isUniqueViolation(error, "tenants_slug_unique")) {
      throw new ConflictError("This subdomain was just taken.", { slug: "This subdomain was just taken. Please choose another." });
    }
    throw error;
  }
}
