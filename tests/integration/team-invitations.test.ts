import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redeemHandoff } from "@/lib/auth";
import { hashToken } from "@/lib/auth/handoff";
import { schema, withTenant } from "@/lib/db";
import { ConflictError, ForbiddenError, PlanLimitError, ValidationError } from "@/lib/http/errors";
import { acceptInvitation, inviteMember, listInvitations, listMembers, revokeInvitation, viewInvitation } from "@/lib/team";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember, auditActions, box, ctxFor, linkIn, newUser, newWorkspace, PASSWORD, rejection, tempMailbox } from "./team-kit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function invite(ctx: Awaited<ReturnType<typeof ctxFor>>, email: string, role: "viewer" | "member" | "admin" | "owner" = "member") {
  const mail = await tempMailbox();
  const result = await inviteMember({ ctx, input: { email, role }, deps: { mailer: mail.mailer, inviteUrl: (tk) => `http://${ctx.tenant.slug}.localhost:3000/invite?token=${encodeURIComponent(tk)}` } });
  const messages = await mail.messages();
  const token = decodeURIComponent(new URL(linkIn(messages[0].raw)).searchParams.get("token")!);
  return { ...result, messages, token };
}

describe("invitations", () => {
  it("an admin invites by email; the link (hashed, 7 days) lets a new person join with the role, once", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, tenant.id, owner);
    const sent = await invite(ctx, "Newbie@Example.test", "viewer");
    expect(sent.messages[0]).toMatchObject({ to: "newbie@example.test", subject: `Olive Owner invited you to ${tenant.name} on Monitr` });
    expect(sent.link).toContain(encodeURIComponent(sent.token));
    const [row] = await withTenant(tenant.id, (tx) => tx.select().from(schema.invitations), { db: t.db });
    expect(row.tokenHash).toBe(hashToken(sent.token));
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000)).toBe(7);
    expect((await listInvitations(ctx)).map((i) => i.email)).toEqual(["newbie@example.test"]);
    expect(await viewInvitation(t.db, tenant.id, sent.token)).toEqual({ status: "valid", email: "newbie@example.test", role: "viewer", accountExists: false });

    const weak = (await rejection(acceptInvitation({ db: t.db, tenant, box, input: { mode: "new", token: sent.token, name: "New Bie", password: "password123" } }))) as ValidationError;
    expect(weak.fields?.password).toMatch(/too common/);
    const joined = await acceptInvitation({ db: t.db, tenant, box, input: { mode: "new", token: sent.token, name: "New Bie", password: "my own good passphrase" }, ip: "192.0.2.9" });
    expect(await redeemHandoff(t.db, tenant.id, joined.handoffToken)).toMatchObject({ id: joined.userId, email: "newbie@example.test" });
    expect((await listMembers(ctx)).find((m) => m.userId === joined.userId)).toMatchObject({ role: "viewer", name: "New Bie" });
    expect(await listInvitations(ctx)).toEqual([]);
    expect(await viewInvitation(t.db, tenant.id, sent.token)).toEqual({ status: "used" });
    expect(await rejection(acceptInvitation({ db: t.db, tenant, box, input: { mode: "new", token: sent.token, name: "Again", password: "my own good passphrase" } }))).toBeInstanceOf(ConflictError);
    expect(await auditActions(t.db, tenant.id)).toEqual(expect.arrayContaining(["invitation.created", "invitation.accepted"]));
  });

  it("an existing user joins with their password; the link only works in its own workspace", async () => {
    const a = await newWorkspace(t.db);
    const b = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, a.tenant.id, a.owner);
    const sent = await invite(ctx, b.owner.email, "member");
    expect(await viewInvitation(t.db, b.tenant.id, sent.token)).toEqual({ status: "unknown" });
    expect(await viewInvitation(t.db, a.tenant.id, sent.token)).toMatchObject({ accountExists: true });
    expect(await rejection(acceptInvitation({ db: t.db, tenant: a.tenant, box, input: { mode: "new", token: sent.token, name: "X", password: "my own good passphrase" } }))).toBeInstanceOf(ConflictError);
    expect(await rejection(acceptInvitation({ db: t.db, tenant: a.tenant, box, input: { mode: "existing", token: sent.token, password: "wrong password" } }))).toBeInstanceOf(ValidationError);
    const joined = await acceptInvitation({ db: t.db, tenant: a.tenant, box, input: { mode: "existing", token: sent.token, password: PASSWORD } });
    expect(joined.userId).toBe(b.owner.id);
    expect((await listMembers(ctx)).find((m) => m.userId === b.owner.id)?.role).toBe("member");
  });

  it("expires after 7 days, can be revoked, and a new invitation replaces the open one", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, tenant.id, owner);
    const old = await invite(ctx, "late@example.test");
    await withTenant(tenant.id, (tx) => tx.execute(sql`update invitations set expires_at = now() - interval '1 second' where token_hash = ${hashToken(old.token)}`), { db: t.db });
    expect(await viewInvitation(t.db, tenant.id, old.token)).toEqual({ status: "expired" });
    expect(await rejection(acceptInvitation({ db: t.db, tenant, box, input: { mode: "new", token: old.token, name: "Late", password: "my own good passphrase" } }))).toBeInstanceOf(ConflictError);
    expect(await t.db.select().from(schema.users).where(eq(schema.users.email, "late@example.test"))).toEqual([]);

    const first = await invite(ctx, "twice@example.test");
    const second = await invite(ctx, "twice@example.test", "admin");
    expect(await viewInvitation(t.db, tenant.id, first.token)).toEqual({ status: "revoked" });
    expect(await viewInvitation(t.db, tenant.id, second.token)).toMatchObject({ status: "valid", role: "admin" });
    await revokeInvitation({ ctx, id: second.invitation.id });
    expect(await viewInvitation(t.db, tenant.id, second.token)).toEqual({ status: "revoked" });
    expect(await auditActions(t.db, tenant.id)).toContain("invitation.revoked");
  });

  it("only owners and admins invite, only owners invite owners, and members already in are refused", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const admin = await newUser(t.db, "Ada Admin");
    const viewer = await newUser(t.db, "Vic Viewer");
    await addMember(t.db, tenant.id, admin, "admin");
    await addMember(t.db, tenant.id, viewer, "viewer");
    const mail = await tempMailbox();
    const deps = { mailer: mail.mailer, inviteUrl: (tk: string) => tk };
    expect(await rejection(inviteMember({ ctx: await ctxFor(t.db, tenant.id, viewer), input: { email: "x@example.test", role: "viewer" }, deps }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(inviteMember({ ctx: await ctxFor(t.db, tenant.id, admin), input: { email: "x@example.test", role: "owner" }, deps }))).toBeInstanceOf(ForbiddenError);
    const dup = (await rejection(inviteMember({ ctx: await ctxFor(t.db, tenant.id, owner), input: { email: admin.email, role: "viewer" }, deps }))) as ConflictError;
    expect(dup.fields?.email).toMatch(/already a member/);
    const bad = (await rejection(inviteMember({ ctx: await ctxFor(t.db, tenant.id, owner), input: { email: "not-an-email", role: "boss" }, deps }))) as ValidationError;
    expect(Object.keys(bad.fields ?? {}).sort()).toEqual(["email", "role"]);
    expect(await mail.messages()).toEqual([]);
  });

  it("the Free plan's 3 seats count members and open invitations; a failed acceptance leaves nothing behind", async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    const ctx = await ctxFor(t.db, tenant.id, owner);
    const one = await invite(ctx, "one@example.test");
    const two = await invite(ctx, "two@example.test");
    const third = await rejection(invite(ctx, "three@example.test"));
    expect(third).toBeInstanceOf(PlanLimitError);
    expect((third as PlanLimitError).message).toMatch(/3 team members/);

    // A seat filled another way (e.g. before a downgrade) makes the last acceptance fail inside its
    // transaction, after the account was created and the link consumed: all of it rolls back.
    await addMember(t.db, tenant.id, await newUser(t.db, "Extra Person"), "viewer");
    await acceptInvitation({ db: t.db, tenant, box, input: { mode: "new", token: one.token, name: "One", password: "my own good passphrase" } });
    const before = await auditActions(t.db, tenant.id);
    const full = await rejection(acceptInvitation({ db: t.db, tenant, box, input: { mode: "new", token: two.token, name: "Two", password: "my own good passphrase" } }));
    expect(full).toBeInstanceOf(PlanLimitError);
    expect(await t.db.select().from(schema.users).where(eq(schema.users.email, "two@example.test"))).toEqual([]);
    expect(await viewInvitation(t.db, tenant.id, two.token)).toMatchObject({ status: "valid" });
    expect(await auditActions(t.db, tenant.id)).toEqual(before);
  });
});
