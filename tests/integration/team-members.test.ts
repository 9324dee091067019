import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withTenant, schema } from "@/lib/db";
import { ConflictError, ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { changeMemberRole, listMembers, removeMember, transferOwnership } from "@/lib/team";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember, auditActions, ctxFor, newUser, newWorkspace, rejection } from "./team-kit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

async function team() {
  const { tenant, owner } = await newWorkspace(t.db);
  const admin = await newUser(t.db, "Ada Admin");
  const member = await newUser(t.db, "Max Member");
  await addMember(t.db, tenant.id, admin, "admin");
  await addMember(t.db, tenant.id, member, "member");
  const roles = async () => Object.fromEntries((await listMembers(await ctxFor(t.db, tenant.id, owner))).map((m) => [m.name, m.role]));
  return { tenant, owner, admin, member, roles, ctx: (who: typeof owner) => ctxFor(t.db, tenant.id, who) };
}

describe("members", () => {
  it("admins change roles up to admin and remove non-owners; each change is audited", async () => {
    const x = await team();
    await changeMemberRole({ ctx: await x.ctx(x.admin), input: { userId: x.member.id, role: "viewer" } });
    expect(await x.roles()).toMatchObject({ "Max Member": "viewer" });
    expect(await rejection(changeMemberRole({ ctx: await x.ctx(x.admin), input: { userId: x.member.id, role: "owner" } }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(changeMemberRole({ ctx: await x.ctx(x.admin), input: { userId: x.owner.id, role: "viewer" } }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(removeMember({ ctx: await x.ctx(x.admin), input: { userId: x.owner.id } }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(changeMemberRole({ ctx: await x.ctx(x.member), input: { userId: x.admin.id, role: "viewer" } }))).toBeInstanceOf(ForbiddenError);
    await removeMember({ ctx: await x.ctx(x.admin), input: { userId: x.member.id } });
    expect(await x.roles()).not.toHaveProperty("Max Member");
    expect(await rejection(removeMember({ ctx: await x.ctx(x.admin), input: { userId: x.member.id } }))).toBeInstanceOf(NotFoundError);
    const rows = await withTenant(x.tenant.id, (tx) => tx.select().from(schema.auditLog), { db: t.db });
    expect(rows.find((r) => r.action === "member.role_changed")).toMatchObject({ actorUserId: x.admin.id, target: x.member.id, data: { from: "member", to: "viewer" } });
    expect(rows.find((r) => r.action === "member.removed")).toMatchObject({ target: x.member.id });
  });

  it("the last owner can be neither demoted nor removed, and the refused change writes no audit row", async () => {
    const x = await team();
    const before = await auditActions(t.db, x.tenant.id);
    const demote = (await rejection(changeMemberRole({ ctx: await x.ctx(x.owner), input: { userId: x.owner.id, role: "admin" } }))) as ConflictError;
    expect(demote).toBeInstanceOf(ConflictError);
    expect(demote.message).toMatch(/at least one owner/);
    expect(await rejection(removeMember({ ctx: await x.ctx(x.owner), input: { userId: x.owner.id } }))).toBeInstanceOf(ConflictError);
    expect(await x.roles()).toMatchObject({ "Olive Owner": "owner" });
    expect(await auditActions(t.db, x.tenant.id)).toEqual(before);

    // With a second owner, one may step down; two owners demoting each other at once leave one.
    await changeMemberRole({ ctx: await x.ctx(x.owner), input: { userId: x.admin.id, role: "owner" } });
    const ownerCtx = await x.ctx(x.owner);
    const adminCtx = await x.ctx(x.admin);
    const results = await Promise.allSettled([
      changeMemberRole({ ctx: ownerCtx, input: { userId: x.admin.id, role: "member" } }),
      changeMemberRole({ ctx: adminCtx, input: { userId: x.owner.id, role: "member" } }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(Object.values(await x.roles()).filter((r) => r === "owner")).toHaveLength(1);
  });

  it("the owner transfers ownership and becomes an admin", async () => {
    const x = await team();
    expect(await rejection(transferOwnership({ ctx: await x.ctx(x.admin), input: { userId: x.member.id } }))).toBeInstanceOf(ForbiddenError);
    await transferOwnership({ ctx: await x.ctx(x.owner), input: { userId: x.member.id } });
    expect(await x.roles()).toMatchObject({ "Olive Owner": "admin", "Max Member": "owner" });
    expect(await auditActions(t.db, x.tenant.id)).toContain("member.ownership_transferred");
  });

  it("anyone may leave, except the last owner", async () => {
    const x = await team();
    await removeMember({ ctx: await x.ctx(x.member), input: { userId: x.member.id } });
    expect(await x.roles()).not.toHaveProperty("Max Member");
    expect(await auditActions(t.db, x.tenant.id)).toContain("member.left");
  });
});
