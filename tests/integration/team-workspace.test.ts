import { eq, sql } from "drizzle-orm";
import { generate } from "otplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redeemHandoff } from "@/lib/auth";
import { schema, withTenant } from "@/lib/db";
import { ConflictError, ValidationError } from "@/lib/http/errors";
import { confirmTwoFactorEnrolment, createSession, startTwoFactorEnrolment } from "@/lib/security";
import { changeSubdomain, deleteWorkspace, findSlugRedirect, inviteMember, isSlugReservedByRedirect, renameWorkspace, setRequireTwoFactor } from "@/lib/team";
import { getTenantBySlug } from "@/lib/tenants";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember, auditActions, box, ctxFor, newUser, newWorkspace, policy, rejection, tempMailbox } from "./team-kit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

describe("workspace settings", () => {
  it("renames, with the audit row in the same transaction", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, tenant.id, owner);
    const bad = (await rejection(renameWorkspace({ ctx, input: { name: "   " } }))) as ValidationError;
    expect(bad.fields).toEqual({ name: expect.any(String) });
    expect((await renameWorkspace({ ctx, input: { name: "Acme Cloud" } })).name).toBe("Acme Cloud");
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(schema.auditLog).where(eq(schema.auditLog.action, "workspace.renamed")), { db: t.db });
    expect(row.data).toEqual({ from: "Acme", to: "Acme Cloud" });
  });

  it("moves to a new subdomain; the old one redirects (and stays reserved) for 30 days", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const other = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, tenant.id, owner);
    expect(await rejection(changeSubdomain({ ctx, input: { slug: other.tenant.slug } }))).toBeInstanceOf(ConflictError);
    expect(((await rejection(changeSubdomain({ ctx, input: { slug: "admin" } }))) as ValidationError).fields?.slug).toMatch(/reserved/);
    const newSlug = `${tenant.slug}-new`;
    const moved = await changeSubdomain({ ctx, input: { slug: newSlug.toUpperCase() } });
    expect(moved.tenant.slug).toBe(newSlug);
    expect(await redeemHandoff(t.db, tenant.id, moved.handoffToken)).toMatchObject({ id: owner.id });
    expect(await getTenantBySlug(t.db, tenant.slug)).toBeNull();
    expect(await findSlugRedirect(t.db, tenant.slug)).toBe(newSlug);
    expect(await isSlugReservedByRedirect(t.db, tenant.slug)).toBe(true);
    const [redirect] = await t.db.select().from(schema.tenantSlugRedirects).where(eq(schema.tenantSlugRedirects.slug, tenant.slug));
    expect(Math.round((redirect.expiresAt.getTime() - Date.now()) / 86_400_000)).toBe(30);
    // Another workspace cannot take the old subdomain while it redirects.
    expect(await rejection(changeSubdomain({ ctx: await ctxFor(t.db, other.tenant.id, other.owner), input: { slug: tenant.slug } }))).toBeInstanceOf(ConflictError);
    await t.db.execute(sql`update tenant_slug_redirects set expires_at = now() - interval '1 second' where slug = ${tenant.slug}`);
    expect(await findSlugRedirect(t.db, tenant.slug)).toBeNull();
    expect(await auditActions(t.db, tenant.id)).toContain("workspace.subdomain_changed");
  });

  it("requires two-factor for everyone only once the owner has it", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, tenant.id, owner);
    expect(await rejection(setRequireTwoFactor({ ctx, input: { required: true } }))).toBeInstanceOf(ConflictError);
    const { secret } = await startTwoFactorEnrolment({ ctx, box });
    await confirmTwoFactorEnrolment({ ctx, box, input: { code: await generate({ secret }) } });
    expect((await setRequireTwoFactor({ ctx, input: { required: true } })).requireTwoFactor).toBe(true);
    expect(await auditActions(t.db, tenant.id)).toContain("security.2fa_required");
  });

  it("deletes the workspace with everything in it, and nothing of another workspace", async () => {
    const doomed = await newWorkspace(t.db);
    const kept = await newWorkspace(t.db);
    const shared = await newUser(t.db, "Sam Shared");
    await addMember(t.db, doomed.tenant.id, shared, "admin");
    await addMember(t.db, kept.tenant.id, shared, "member");
    for (const ws of [doomed, kept]) {
      await createSession(t.db, { tenantId: ws.tenant.id, userId: shared.id, method: "password" }, policy);
      await inviteMember({ ctx: await ctxFor(t.db, ws.tenant.id, ws.owner), input: { email: "someone@example.test", role: "viewer" }, deps: { mailer: (await tempMailbox()).mailer, inviteUrl: (x) => x } });
      await withTenant(ws.tenant.id, (tx) => tx.insert(schema.awsConnections).values({ tenantId: ws.tenant.id, name: "prod", awsAccountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/${ws.tenant.slug}` }), { db: t.db });
    }
    const ctx = await ctxFor(t.db, doomed.tenant.id, doomed.owner);
    const typo = (await rejection(deleteWorkspace({ ctx, input: { confirm: "acme" } }))) as ValidationError;
    expect(typo.fields?.confirm).toContain(doomed.tenant.slug);
    expect(await getTenantBySlug(t.db, doomed.tenant.slug)).not.toBeNull();

    const result = await deleteWorkspace({ ctx, input: { confirm: doomed.tenant.slug } });
    expect(result.rowsDeleted).toBeGreaterThan(5);
    expect(await getTenantBySlug(t.db, doomed.tenant.slug)).toBeNull();
    const left = async (tenantId: string) =>
      withTenant(
        tenantId,
        async (tx) => ({
          members: (await tx.select().from(schema.memberships)).length,
          sessions: (await tx.select().from(schema.sessions)).length,
          invitations: (await tx.select().from(schema.invitations)).length,
          connections: (await tx.select().from(schema.awsConnections)).length,
          audit: (await tx.select().from(schema.auditLog)).length,
        }),
        { db: t.db },
      );
    expect(await left(doomed.tenant.id)).toEqual({ members: 0, sessions: 0, invitations: 0, connections: 0, audit: 0 });
    expect(await left(kept.tenant.id)).toMatchObject({ members: 2, sessions: 1, invitations: 1, connections: 1 });
    // People stay: they may belong to other workspaces.
    expect(await t.db.select().from(schema.users).where(eq(schema.users.id, shared.id))).toHaveLength(1);
  });
});
