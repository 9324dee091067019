import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRule } from "@/lib/alerts";
import { revokeApiKey } from "@/lib/api-keys";
import { disconnectConnection, listConnections } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import { parseKeyring } from "@/lib/crypto";
import { deleteDashboard } from "@/lib/dashboards";
import { ForbiddenError } from "@/lib/http/errors";
import { createChannel } from "@/lib/notify";
import {
  ACTIONS,
  can,
  changeMemberRole,
  changeSubdomain,
  deleteWorkspace,
  inviteMember,
  listAuditEvents,
  listMembers,
  renameWorkspace,
  ROLES,
  setRequireTwoFactor,
  transferOwnership,
  type Action,
} from "@/lib/team";
import type { Role } from "@/lib/tenants";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember, ctxFor, newUser, newWorkspace, tempMailbox } from "./team-kit";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t?.drop());

/*
 * Each probe calls the real verb with input that fails *after* the role check (a made-up id,
 * an empty form): a ForbiddenError means the role was refused, anything else means it got
 * through. Every action of lib/team/permissions.ts needs an entry (a missing one is a type
 * error); null marks a module that has no verb for it yet in this tree.
 */
type Probe = (ctx: TenantContext) => Promise<unknown>;
const missingId = () => crypto.randomUUID();
const keyring = parseKeyring(`k1:${crypto.randomBytes(32).toString("base64")}`);

const PROBES: Record<Action, Probe | null> = {
  "workspace.view": (ctx) => listConnections(ctx),
  "dashboards.edit": (ctx) => deleteDashboard({ ctx, ref: "custom:does-not-exist" }),
  "alerts.edit": (ctx) => createRule({ ctx, input: {} }),
  "reports.edit": null,
  "budgets.edit": null,
  "aws.manage": (ctx) => disconnectConnection({ ctx, id: missingId() }),
  "channels.manage": (ctx) => createChannel({ ctx, keyring, input: {} }),
  "api_keys.manage": (ctx) => revokeApiKey({ ctx, id: missingId() }),
  "members.view": (ctx) => listMembers(ctx),
  "members.invite": async (ctx) => inviteMember({ ctx, input: {}, deps: { mailer: (await tempMailbox()).mailer, inviteUrl: (x) => x } }),
  "members.manage": (ctx) => changeMemberRole({ ctx, input: { userId: missingId(), role: "viewer" } }),
  "audit.view": (ctx) => listAuditEvents(ctx, { action: undefined }),
  "workspace.rename": (ctx) => renameWorkspace({ ctx, input: { name: "" } }),
  "owners.manage": (ctx) => transferOwnership({ ctx, input: { userId: missingId() } }),
  "workspace.subdomain": (ctx) => changeSubdomain({ ctx, input: { slug: "" } }),
  "security.require_2fa": (ctx) => setRequireTwoFactor({ ctx, input: { required: "yes" } }),
  "billing.view": null,
  "billing.manage": null,
  "workspace.delete": (ctx) => deleteWorkspace({ ctx, input: { confirm: "not-the-slug" } }),
};

async function outcome(probe: Probe, ctx: TenantContext): Promise<"allowed" | "forbidden"> {
  try {
    await probe(ctx);
    return "allowed";
  } catch (error) {
    return error instanceof ForbiddenError ? "forbidden" : "allowed";
  }
}

describe("the role table, walked through the real verbs", () => {
  const contexts = new Map<Role, TenantContext>();
  beforeAll(async () => {
    const { tenant, owner } = await newWorkspace(t.db);
    contexts.set("owner", await ctxFor(t.db, tenant.id, owner));
    for (const role of ["admin", "member", "viewer"] as const) {
      const person = await newUser(t.db, `Role ${role}`);
      await addMember(t.db, tenant.id, person, role);
      contexts.set(role, await ctxFor(t.db, tenant.id, person));
    }
  });

  it("has a probe for most actions (the rest belong to modules not in this tree yet)", () => {
    const missing = ACTIONS.filter((a) => PROBES[a] === null);
    expect(missing.length).toBeLessThan(ACTIONS.length / 3);
  });

  it.each(ACTIONS.filter((a) => PROBES[a] !== null))("%s", async (action) => {
    const seen = Object.fromEntries(await Promise.all(ROLES.map(async (role) => [role, await outcome(PROBES[action]!, contexts.get(role)!)] as const)));
    const expected = Object.fromEntries(ROLES.map((role) => [role, can(role, action) ? "allowed" : "forbidden"]));
    expect(seen).toEqual(expected);
  });
});
