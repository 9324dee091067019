import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection, updateConnection, type Connection } from "@/lib/aws";
import type { TenantContext } from "@/lib/auth/guard";
import {
  addTeamMember, assignResources, assignmentHistory, costByOwner, createRule, createTeam, listOwnedResources, unassignResources, type ResourceRef,
} from "@/lib/allocation";
import { collectCosts, collectInventory, GLOBAL_REGION, runSync } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import type { AwsSim } from "../../sim/aws/index";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addMember } from "./dashboards-kit";
import { createTenant, createTenantRole, MINUTE, rejection, simAwsConfig, startSim } from "./aws-test-kit";

let t: TestDatabase;
let sim: AwsSim;
let admin: TenantContext;
let member: TenantContext;
let connection: Connection;
let idle: ResourceRef;

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDatabase(), startSim()]);
  sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 10 * MINUTE).toISOString() });
  admin = await createTenant(t.db);
  member = await addMember(t.db, admin, "member");
  const aws = simAwsConfig(sim);
  connection = await createConnection({ ctx: admin, aws, input: { roleArn: createTenantRole(sim, admin) } });
  connection = await updateConnection({ ctx: admin, id: connection.id, input: { costTagKeys: ["team"] } });
  const target = (region: string, kind: "inventory" | "costs") => ({ tenantId: admin.tenant.id, connectionId: connection.id, region, kind });
  await runSync({ db: t.db, aws }, target(GLOBAL_REGION, "costs"), collectCosts);
  for (const region of sim.scenario.enabledRegions) await runSync({ db: t.db, aws }, target(region, "inventory"), collectInventory);
  idle = { connectionId: connection.id, region: sim.scenario.instances.idle.region, kind: "ec2_instance", resourceId: sim.scenario.instances.idle.instanceId };
}, 240_000);
afterAll(async () => {
  await sim?.close();
  await t?.drop();
});

const month = () => sim.now().toISOString().slice(0, 7);
const hoursThisMonth = () => {
  const now = sim.now();
  return (now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)) / 3_600_000;
};

describe("allocation by direct assignment", () => {
  it("assigns the idle instance to a person; its estimated cost is theirs", async () => {
    const result = await assignResources({ ctx: admin, input: { resources: [idle], owner: { kind: "user", id: member.actor.userId }, note: "yours now" }, now: sim.now() });
    expect(result).toEqual({ assigned: 1, unchanged: 0 });
    const allocation = await costByOwner({ ctx: admin, month: month(), now: sim.now() });
    const person = allocation.owners.find((o) => o.owner.kind === "user" && o.owner.id === member.actor.userId)!;
    // m4.large, $0.10/hour, running the whole month so far.
    expect(person.direct).toBeCloseTo(0.1 * hoursThisMonth(), 4);
    expect(person.resources).toBe(1);
    expect(allocation.resources.find((r) => r.resourceId === idle.resourceId)!.owner).toEqual({ kind: "user", id: member.actor.userId });
    // Everything is somewhere: owners + unassigned = total, and unassigned is its own line.
    const sum = allocation.owners.reduce((a, o) => a + o.total, 0) + allocation.unassigned.total;
    expect(sum).toBeCloseTo(allocation.total, 4);
    expect(allocation.unassigned.total).toBeGreaterThan(0);
    expect(allocation.method).toMatch(/Resource-level/);
  });

  it("keeps one owner at a time with the history, and audits every change", async () => {
    const team = await createTeam({ ctx: admin, input: { name: "Data" } });
    await assignResources({ ctx: admin, input: { resources: [idle], owner: { kind: "team", id: team.id } }, now: new Date(sim.now().getTime() + 1000) });
    const history = await assignmentHistory({ ctx: admin, resource: idle });
    expect(history).toHaveLength(2);
    expect(history[0]).toMatchObject({ ownerKind: "team", ownerId: team.id, validTo: null });
    expect(history[1]).toMatchObject({ ownerKind: "user", ownerId: member.actor.userId, validTo: expect.any(Date) });
    const audit = await withTenant(admin.tenant.id, (tx) => tx.select().from(schema.auditLog).where(and(eq(schema.auditLog.tenantId, admin.tenant.id), like(schema.auditLog.action, "allocation.%"))), { db: t.db });
    expect(audit.filter((a) => a.action === "allocation.assigned" && a.target === `ec2_instance:${idle.resourceId}`)).toHaveLength(2);
    // Back to the person for the remaining tests.
    await assignResources({ ctx: admin, input: { resources: [idle], owner: { kind: "user", id: member.actor.userId } }, now: new Date(sim.now().getTime() + 2000) });
    expect((await assignmentHistory({ ctx: admin, resource: idle })).filter((h) => h.validTo === null)).toHaveLength(1);
  });

  it("refuses bad input, unknown resources and members assigning to others; changes nothing", async () => {
    const before = (await assignmentHistory({ ctx: admin, resource: idle })).length;
    expect(await rejection(assignResources({ ctx: admin, input: { resources: [], owner: { kind: "user", id: member.actor.userId } } }))).toMatchObject({ status: 400, fields: { resources: expect.any(String) } });
    expect(await rejection(assignResources({ ctx: admin, input: { resources: [{ ...idle, resourceId: "i-nope" }], owner: { kind: "user", id: member.actor.userId } } }))).toMatchObject({ status: 400 });
    expect(await rejection(assignResources({ ctx: member, input: { resources: [idle], owner: { kind: "user", id: admin.actor.userId } } }))).toMatchObject({ status: 403 });
    expect(await rejection(assignResources({ ctx: admin, input: { resources: [idle], owner: { kind: "team", id: crypto.randomUUID() } } }))).toMatchObject({ status: 400, fields: { owner: expect.any(String) } });
    expect((await assignmentHistory({ ctx: admin, resource: idle })).length).toBe(before);
  });
});

describe("allocation by tag rule", () => {
  it("team=payments → Payments team covers tagged resources and the payments share of the by-tag bill", async () => {
    const payments = await createTeam({ ctx: admin, input: { name: "Payments" } });
    await addTeamMember({ ctx: admin, teamId: payments.id, input: { userId: member.actor.userId } });
    await createRule({ ctx: admin, input: { tagKey: "team", tagValue: "payments", owner: { kind: "team", id: payments.id } } });
    const { resources } = await listOwnedResources({ ctx: admin, now: sim.now() });
    const tagged = resources.filter((r) => r.tags.team === "payments");
    expect(tagged.length).toBeGreaterThan(0);
    for (const r of tagged) expect(r).toMatchObject({ owner: { kind: "team", id: payments.id }, source: "rule", ownerName: "Payments" });
    const allocation = await costByOwner({ ctx: admin, month: month(), now: sim.now() });
    const team = allocation.owners.find((o) => o.owner.id === payments.id)!;
    expect(allocation.tagKey).toBe("team");
    expect(team.direct).toBeGreaterThan(0);
    expect(team.tagBased).toBeGreaterThan(0);
    expect(team.resources).toBe(allocation.resources.filter((r) => r.owner?.id === payments.id).length);
    // A direct assignment wins over the rule; ending it hands the resource back to the rule.
    const one = tagged.find((r) => r.kind === "ec2_instance")!;
    const ref = { connectionId: one.connectionId, region: one.region, kind: "ec2_instance" as const, resourceId: one.resourceId };
    await assignResources({ ctx: admin, input: { resources: [ref], owner: { kind: "user", id: admin.actor.userId } } });
    expect((await listOwnedResources({ ctx: admin })).resources.find((r) => r.resourceId === one.resourceId)).toMatchObject({ source: "assignment", owner: { kind: "user" } });
    await unassignResources({ ctx: admin, input: { resources: [ref] } });
    expect((await listOwnedResources({ ctx: admin })).resources.find((r) => r.resourceId === one.resourceId)).toMatchObject({ source: "rule", owner: { id: payments.id } });
  });

  it("applies to resources discovered later", async () => {
    const payments = (await listOwnedResources({ ctx: admin })).directory.teams.find((x) => x.name === "Payments")!;
    const discovered = new Date();
    await withTenant(
      admin.tenant.id,
      (tx) =>
        tx.insert(schema.resources).values({
          tenantId: admin.tenant.id, connectionId: connection.id, region: "us-east-1", kind: "ec2_instance", resourceId: "i-0later0000000001", name: "payments-new", state: "running",
          tags: { team: "payments" }, attributes: { instanceType: "t3.micro" }, validFrom: discovered, recordedFrom: discovered,
        }),
      { db: t.db },
    );
    const later = (await listOwnedResources({ ctx: admin, now: new Date(discovered.getTime() + 1000) })).resources.find((r) => r.resourceId === "i-0later0000000001");
    expect(later).toMatchObject({ owner: { kind: "team", id: payments.id }, source: "rule" });
  });

  it("a member sees only their own and their teams' rows; totals stay the workspace's", async () => {
    const mine = await costByOwner({ ctx: member, month: month(), now: sim.now() });
    const all = await costByOwner({ ctx: admin, month: month(), now: sim.now() });
    expect(mine.owners.map((o) => o.name).sort()).toEqual([member.actor.name, "Payments"].sort());
    expect(mine.total).toBeCloseTo(all.total, 6);
    expect(all.owners.length).toBeGreaterThan(mine.owners.length);
  });
});
