import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRule, evaluateTenant, listAlerts, previewRule } from "@/lib/alerts";
import { createApiKey } from "@/lib/api-keys";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { ENDPOINTS } from "@/lib/public-api";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addResource, addSeries, at, ORIGIN, writeAt } from "../helpers/stand-ins/alert-fixtures";
import { startApiServer } from "./api-v1-kit";
import { createTenant, rejection } from "./aws-test-kit";

/*
 * Alert rules scoped to the pods of one EKS cluster, over stored Container Insights series: the
 * rule fires for its cluster's crash-looping pod and not for another cluster's (one whose name it
 * prefixes included), a pod that stopped reporting leaves the scope, an unknown cluster is a field
 * error with nothing written, and the public API takes and returns the scope.
 */
const CRASH = "ContainerInsights/pod_container_status_waiting_reason_crash_loop_back_off";
const connectionId = crypto.randomUUID();

let t: TestDatabase;
let ctx: TenantContext;
let api: Awaited<ReturnType<typeof startApiServer>>;
const pods: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  ctx = await createTenant(t.db, { plan: "pro" });
  for (const cluster of ["prod", "prod-2"]) await addResource(t.db, ctx.tenant.id, { connectionId, kind: "eks_cluster", id: cluster, state: "ACTIVE" });
  // "edge" is known only from its pods' series: no inventory row.
  for (const pod of ["prod/default/api-1", "prod/default/worker-1", "prod/default/gone-1", "prod-2/default/api-1", "edge/default/api-1"]) {
    pods[pod] = await addSeries(t.db, ctx.tenant.id, { connectionId, resourceId: pod, metric: CRASH });
  }
  api = await startApiServer({ db: t.db });
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const rule = (cluster: string, over: Record<string, unknown> = {}) => ({
  name: `Pod in CrashLoopBackOff on ${cluster}`,
  scope: { type: "cluster", kind: "eks_pod", cluster },
  conditions: [{ metric: CRASH, stat: "max", windowSeconds: 60, comparator: "gte", threshold: 1 }],
  duration: { type: "for", seconds: 60 },
  ...over,
});

const storedRules = () => withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.alertRules).where(eq(schema.alertRules.tenantId, ctx.tenant.id)), { db: t.db });

describe("a rule for the pods of one cluster", () => {
  it("fires for a crash-looping pod of its cluster only; a pod that stopped reporting is not in scope", async () => {
    // No Data alerts: a stale pod still in scope would show up as no_data.
    const created = await createRule({ ctx, input: rule("prod", { noData: "alerting" }) });
    expect(created.scope).toEqual({ type: "cluster", kind: "eks_pod", cluster: "prod" });
    await writeAt(t.db, ctx.tenant.id, pods["prod/default/api-1"]!, [[0, 2]]);
    await writeAt(t.db, ctx.tenant.id, pods["prod/default/worker-1"]!, [[0, 0]]);
    await writeAt(t.db, ctx.tenant.id, pods["prod-2/default/api-1"]!, [[0, 3]]);
    await writeAt(t.db, ctx.tenant.id, pods["edge/default/api-1"]!, [[0, 1]]);
    // Last reported 90 minutes ago: past the pod liveness hour.
    await writeAt(t.db, ctx.tenant.id, pods["prod/default/gone-1"]!, [[-90, 5]]);

    const report = await evaluateTenant({ db: t.db, tenantId: ctx.tenant.id, now: at(1), origin: ORIGIN });
    expect(report.pairs).toBe(2);
    const alerts = await listAlerts(ctx, { ruleId: created.id });
    expect(alerts.map((a) => [a.resourceId, a.state])).toEqual([["prod/default/api-1", "firing"]]);
    const states = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.alertStates).where(eq(schema.alertStates.ruleId, created.id)), { db: t.db });
    expect(states.map((s) => s.resourceId)).toEqual(["prod/default/api-1"]);

    const preview = await previewRule({ ctx, input: rule("prod"), now: at(1) });
    expect(preview.resourcesInScope).toBe(2);
    expect(preview.firing.map((f) => f.resourceId)).toEqual(["prod/default/api-1"]);
  });

  it("accepts a cluster known only from its pods' series", async () => {
    const created = await createRule({ ctx, input: rule("edge") });
    expect(created.scope).toMatchObject({ cluster: "edge" });
  });

  it("answers an unknown cluster, or a cluster scope on another kind, with a field error and writes nothing", async () => {
    const before = (await storedRules()).length;
    // "pro" prefixes "prod" but is no cluster.
    for (const cluster of ["no-such-cluster", "pro"]) {
      const error = await rejection(createRule({ ctx, input: rule(cluster) }));
      expect(error, cluster).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual({ "scope.cluster": `No EKS cluster "${cluster}" in this workspace.` });
    }
    const onNodes = await rejection(
      createRule({ ctx, input: rule("prod", { scope: { type: "cluster", kind: "eks_cluster", cluster: "prod" }, conditions: [{ metric: "ContainerInsights/cluster_failed_node_count", stat: "max", windowSeconds: 60, comparator: "gt", threshold: 0 }] }) }),
    );
    expect(Object.keys((onNodes as ValidationError).fields ?? {})).toEqual(["scope.type"]);
    const blank = await rejection(createRule({ ctx, input: rule(" ") }));
    expect(Object.keys((blank as ValidationError).fields ?? {})).toEqual(["scope.cluster"]);
    expect((await storedRules()).length).toBe(before);
  });
});

describe("the cluster scope over the public API", () => {
  it("creates, returns and lists a rule for one cluster's pods, and refuses an unknown cluster", async () => {
    const key = (await createApiKey({ ctx, input: { name: "rules", scope: "write" } })).key;
    const created = await api.call(ctx.tenant.slug, "/alert-rules", { key, method: "POST", body: rule("prod-2", { name: "Crash loops on prod-2" }) });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const response = ENDPOINTS.find((e) => e.operationId === "createAlertRule")!.response;
    const body = response.parse(created.json) as { id: string; scope: unknown };
    expect(body.scope).toEqual({ type: "cluster", kind: "eks_pod", cluster: "prod-2" });

    const fetched = await api.call(ctx.tenant.slug, `/alert-rules/${body.id}`, { key });
    expect(fetched.json.scope).toEqual({ type: "cluster", kind: "eks_pod", cluster: "prod-2" });
    const patched = await api.call(ctx.tenant.slug, `/alert-rules/${body.id}`, { key, method: "PATCH", body: { scope: { type: "cluster", kind: "eks_pod", cluster: "prod" } } });
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    expect(patched.json.scope).toEqual({ type: "cluster", kind: "eks_pod", cluster: "prod" });

    const before = (await storedRules()).length;
    const unknown = await api.call(ctx.tenant.slug, "/alert-rules", { key, method: "POST", body: rule("nowhere") });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.fields).toEqual({ "scope.cluster": 'No EKS cluster "nowhere" in this workspace.' });
    expect((await storedRules()).length).toBe(before);
  });
});
