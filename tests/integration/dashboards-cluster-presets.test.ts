import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPresetRule, clusterPresetOffer, listRules, presetCovers, RULE_PRESETS } from "@/lib/alerts";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ForbiddenError, ValidationError } from "@/lib/http";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, rejection } from "./aws-test-kit";
import { addMember, seedInventory } from "./dashboards-kit";

/*
 * The EKS cluster dashboard offers the ready-made rules (issue #6): the cluster rule for that
 * cluster, the pod rule for that cluster's pods. Adding goes through createRule: editors only,
 * the cluster must exist, nothing is written otherwise.
 */
let t: TestDatabase;
let owner: TenantContext;
let member: TenantContext;
let viewer: TenantContext;
const CLUSTER = "prod-eks";

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createTenant(t.db);
  [member, viewer] = [await addMember(t.db, owner, "member"), await addMember(t.db, owner, "viewer")];
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "api" }], new Date(Date.now() - 86_400_000));
  await withTenant(
    owner.tenant.id,
    (tx) =>
      tx.insert(schema.resources).values(
        [CLUSTER, "staging-eks"].map((name) => ({
          tenantId: owner.tenant.id,
          connectionId: connection.id,
          region: "us-east-1",
          kind: "eks_cluster" as const,
          resourceId: name,
          name,
          state: "ACTIVE",
          attributes: { version: "1.31" },
          validFrom: new Date(Date.now() - 86_400_000),
          recordedFrom: new Date(Date.now() - 86_400_000),
        })),
      ),
    { db: t.db },
  );
});
afterAll(async () => {
  await t?.drop();
});

const storedRules = () => withTenant(owner.tenant.id, (tx) => tx.select().from(schema.alertRules).where(eq(schema.alertRules.tenantId, owner.tenant.id)), { db: t.db });

describe("ready-made rules on an EKS cluster's dashboard", () => {
  it("offers the failed-nodes rule for this cluster and the CrashLoopBackOff rule for this cluster's pods", () => {
    const { offered, added, watching } = clusterPresetOffer([], CLUSTER);
    expect(offered.map((p) => [p.id, p.resourceId ?? null, p.cluster ?? null, p.title])).toEqual([
      ["eks-failed-nodes", CLUSTER, null, `Failed EKS nodes on ${CLUSTER}`],
      ["eks-pod-crashloop", null, CLUSTER, `Pod in CrashLoopBackOff on ${CLUSTER}`],
    ]);
    expect(added).toEqual([]);
    expect(watching).toEqual([]);
  });

  it("one click creates the rule for this cluster, which then counts as added here only", async () => {
    const rule = await addPresetRule({ ctx: member, input: { presetId: "eks-failed-nodes", resourceId: CLUSTER } });
    const preset = RULE_PRESETS.find((p) => p.id === "eks-failed-nodes")!;
    expect(rule).toMatchObject({
      name: `Failed EKS nodes on ${CLUSTER}`,
      scope: { type: "resource", kind: "eks_cluster", resourceId: CLUSTER },
      conditions: preset.rule.conditions,
      duration: preset.rule.duration,
      severity: "critical",
      preset: "eks-failed-nodes",
      enabled: true,
    });
    const [row] = await withTenant(owner.tenant.id, (tx) => tx.select().from(schema.alertRules).where(and(eq(schema.alertRules.tenantId, owner.tenant.id), eq(schema.alertRules.id, rule.id))), { db: t.db });
    expect(row).toMatchObject({ createdBy: member.actor.userId, preset: "eks-failed-nodes" });
    const audit = await withTenant(owner.tenant.id, (tx) => tx.select().from(schema.auditLog).where(and(eq(schema.auditLog.tenantId, owner.tenant.id), eq(schema.auditLog.target, rule.id))), { db: t.db });
    expect(audit.map((a) => a.action)).toEqual(["alert_rule.created"]);

    const rules = await listRules(owner);
    const here = clusterPresetOffer(rules, CLUSTER);
    expect(here.added).toEqual(["eks-failed-nodes"]);
    expect(here.watching).toEqual([{ id: rule.id, name: `Failed EKS nodes on ${CLUSTER}` }]);
    expect(clusterPresetOffer(rules, "staging-eks").added).toEqual([]);
    // The alerts page still offers the rule for every cluster: one cluster's rule does not cover them all.
    expect(RULE_PRESETS.filter((p) => rules.some((r) => presetCovers(r, p)))).toEqual([]);
  });

  it("one click creates the CrashLoopBackOff rule for this cluster's pods, which counts as added here only", async () => {
    const rule = await addPresetRule({ ctx: member, input: { presetId: "eks-pod-crashloop", cluster: CLUSTER } });
    expect(rule).toMatchObject({ name: `Pod in CrashLoopBackOff on ${CLUSTER}`, scope: { type: "cluster", kind: "eks_pod", cluster: CLUSTER }, preset: "eks-pod-crashloop" });
    const rules = await listRules(owner);
    const here = clusterPresetOffer(rules, CLUSTER);
    expect(here.added).toEqual(["eks-failed-nodes", "eks-pod-crashloop"]);
    expect(here.watching.map((r) => r.name)).toEqual([`Failed EKS nodes on ${CLUSTER}`, `Pod in CrashLoopBackOff on ${CLUSTER}`]);
    expect(clusterPresetOffer(rules, "staging-eks").added).toEqual([]);
    expect(RULE_PRESETS.filter((p) => rules.some((r) => presetCovers(r, p)))).toEqual([]);
  });

  it("a rule for all pods counts as added on every cluster's dashboard", async () => {
    await addPresetRule({ ctx: owner, input: { presetId: "eks-pod-crashloop" } });
    const rules = await listRules(owner);
    for (const cluster of [CLUSTER, "staging-eks"]) expect(clusterPresetOffer(rules, cluster).added).toContain("eks-pod-crashloop");
    expect(clusterPresetOffer(rules, "staging-eks").watching.map((r) => r.name)).toEqual(["Pod in CrashLoopBackOff"]);
    expect(RULE_PRESETS.filter((p) => rules.some((r) => presetCovers(r, p))).map((p) => p.id)).toEqual(["eks-pod-crashloop"]);
  });

  it("refuses viewers, unknown clusters and unknown presets, and writes nothing", async () => {
    const before = (await storedRules()).length;
    const denied = await rejection(addPresetRule({ ctx: viewer, input: { presetId: "eks-failed-nodes", resourceId: "staging-eks" } }));
    expect(denied).toBeInstanceOf(ForbiddenError);
    expect(denied).toMatchObject({ status: 403 });
    const unknown = await rejection(addPresetRule({ ctx: member, input: { presetId: "eks-failed-nodes", resourceId: "no-such-cluster" } }));
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).fields).toMatchObject({ "scope.resourceId": expect.stringMatching(/No EKS cluster "no-such-cluster"/) });
    const unknownPods = await rejection(addPresetRule({ ctx: member, input: { presetId: "eks-pod-crashloop", cluster: "no-such-cluster" } }));
    expect((unknownPods as ValidationError).fields).toEqual({ "scope.cluster": 'No EKS cluster "no-such-cluster" in this workspace.' });
    const notPods = await rejection(addPresetRule({ ctx: member, input: { presetId: "eks-failed-nodes", cluster: CLUSTER } }));
    expect(Object.keys((notPods as ValidationError).fields ?? {})).toEqual(["scope.type"]);
    for (const input of [{ presetId: "nope" }, {}, { presetId: "eks-failed-nodes", resourceId: "" }, { presetId: "eks-pod-crashloop", resourceId: CLUSTER, cluster: CLUSTER }]) {
      const bad = await rejection(addPresetRule({ ctx: member, input }));
      expect(bad, JSON.stringify(input)).toBeInstanceOf(ValidationError);
    }
    expect((await storedRules()).length).toBe(before);
  });
});
