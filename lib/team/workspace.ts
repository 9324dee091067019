import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { issueHandoff } from "@/lib/auth/handoff";
import { enterTenant, isUniqueViolation, schema } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { parseInput } from "@/lib/http/validate";
import { hasTwoFactor } from "@/lib/security/second-factor";
import { isSlugTaken, SLUG_PROBLEM_MESSAGES, slugProblem, type Tenant } from "@/lib/tenants";
import { requirePermission } from "./permissions";
import { isSlugReservedByRedirect, SLUG_REDIRECT_DAYS } from "./slug-redirects";

export const RenameWorkspaceInput = z.object({
  name: z.string({ error: "Enter the workspace's name." }).trim().min(1, "Enter the workspace's name.").max(120, "Use at most 120 characters."),
});
export type RenameWorkspaceInput = z.infer<typeof RenameWorkspaceInput>;
export const ChangeSubdomainInput = z.object({ slug: z.string({ error: "Choose a subdomain." }).trim().toLowerCase() });
export type ChangeSubdomainInput = z.infer<typeof ChangeSubdomainInput>;
export const RequireTwoFactorInput = z.object({ required: z.boolean({ error: "Say whether two-factor sign-in is required." }) });
export type RequireTwoFactorInput = z.infer<typeof RequireTwoFactorInput>;

/*
 * `tenants` is a global table the application role may only read, so these write it as the
 * owner role first, then drop into the tenant for the audit row, in the same transaction.
 */

export async function renameWorkspace({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<Tenant> {
  requirePermission(ctx, "workspace.rename");
  const { name } = parseInput(RenameWorkspaceInput, input);
  return ctx.db.transaction(async (tx) => {
    const [tenant] = await tx.update(schema.tenants).set({ name }).where(eq(schema.tenants.id, ctx.tenant.id)).returning();
    await enterTenant(tx, ctx.tenant.id, ctx.actor.userId);
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "workspace.renamed", target: name, ip: ctx.session?.ip, data: { from: ctx.tenant.name, to: name } });
    return tenant;
  });
}

/**
 * Moves the workspace to a new subdomain. The old one redirects for 30 days (and stays reserved
 * meanwhile). Session cookies are host-only, so the caller gets a one-time link that signs the
 * person in on the new subdomain.
 */
export async function changeSubdomain({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<{ tenant: Tenant; handoffToken: string }> {
  requirePermission(ctx, "workspace.subdomain");
  const { slug } = parseInput(ChangeSubdomainInput, input);
  if (slug === ctx.tenant.slug) throw new ValidationError("This is already the workspace's subdomain.", { slug: "This is already the workspace's subdomain." });
  const problem = slugProblem(slug);
  if (problem) throw new ValidationError("Choose another subdomain.", { slug: SLUG_PROBLEM_MESSAGES[problem] });
  if ((await isSlugTaken(ctx.db, slug)) || (await isSlugReservedByRedirect(ctx.db, slug, ctx.tenant.id))) {
    throw new ConflictError("This subdomain is taken.", { slug: "This subdomain is taken." });
  }
  const old = ctx.tenant.slug;
  try {
    return await ctx.db.transaction(async (tx) => {
      const [tenant] = await tx.update(schema.tenants).set({ slug }).where(eq(schema.tenants.id, ctx.tenant.id)).returning();
      // Moving back to a former subdomain: its redirect is no longer needed.
      await tx.delete(schema.tenantSlugRedirects).where(and(eq(schema.tenantSlugRedirects.slug, slug), eq(schema.tenantSlugRedirects.targetTenantId, ctx.tenant.id)));
      await tx
        .insert(schema.tenantSlugRedirects)
        .values({ slug: old, targetTenantId: ctx.tenant.id, expiresAt: new Date(Date.now() + SLUG_REDIRECT_DAYS * 86_400_000) })
        .onConflictDoUpdate({ target: schema.tenantSlugRedirects.slug, set: { targetTenantId: ctx.tenant.id, expiresAt: sql`excluded.expires_at`, createdAt: sql`now()` } });
      await enterTenant(tx, ctx.tenant.id, ctx.actor.userId);
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "workspace.subdomain_changed", target: slug, ip: ctx.session?.ip, data: { from: old, to: slug } });
      return { tenant, handoffToken: await issueHandoff(tx, ctx.tenant.id, ctx.actor.userId) };
    });
  } catch (error) {
    if (isUniqueViolation(error, "tenants_slug_unique")) throw new ConflictError("This subdomain was just taken.", { slug: "This subdomain was just taken." });
    throw error;
  }
}

/** Owners can require two-factor sign-in; members without it are sent to set it up. */
export async function setRequireTwoFactor({ ctx, input }: { ctx: TenantContext; input: unknown }): Promise<Tenant> {
  requirePermission(ctx, "security.require_2fa");
  const { required } = parseInput(RequireTwoFactorInput, input);
  if (required && !(await hasTwoFactor(ctx.db, ctx.actor.userId))) {
    throw new ConflictError("Turn on two-factor sign-in for your own account first.", { required: "Turn on two-factor sign-in for your own account first." });
  }
  return ctx.db.transaction(async (tx) => {
    const [tenant] = await tx.update(schema.tenants).set({ requireTwoFactor: required }).where(eq(schema.tenants.id, ctx.tenant.id)).returning();
    await enterTenant(tx, ctx.tenant.id, ctx.actor.userId);
    await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: required ? "security.2fa_required" : "security.2fa_optional", ip: ctx.session?.ip });
    return tenant;
  });
}
