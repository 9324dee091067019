import crypto from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { createRule, evaluateTenant, listAlerts, listTransitions, previewRule, updateRule, type RuleInput } from "@/lib/alerts";
import { schema, withTenant } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { addResource, addSeries, at, ORIGIN, setResourceState, writeAt } from "../helpers/stand-ins/alert-fixtures";
import { createTenant, rejection } from "./aws-test-kit";

/*
 * Evaluation over stored series: points are written with lib/metrics.writePoints, rules are
 * created through createRule, and each cycle is one evaluateTenant at a chosen time. Every state
 * of the machine is reached from data, and the stored history carries the values behind it.
 */
let t: TestDatabase;
const connectionId = crypto.randomUUID();

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const MEM = "CWAgent/mem_used_percent";
const DISK = "CWAgent/disk_used_percent";

function rule(over: Partial<RuleInput> & Pick<RuleInput, "scope">): Record<string, unknown> {
  return {
    name: "test rule",
    conditions: [{ metric: MEM, stat: "avg", windowSeconds: 60, comparator: "gt", threshold: 80 }],
    duration: { type: "for", seconds: 180 },
    noData: "keep",
    ...over,
  };
}

async function states(ctx: TenantContext, ruleId: string) {
  const rows = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.alertStates).where(and(eq(schema.alertStates.tenantId, ctx.tenant.id), eq(schema.alertStates.ruleId, ruleId))), { db: t.db });
  return Object.fromEntries(rows.map((r) => [r.resourceId, r.state]));
}

const evaluate = (ctx: TenantContext, minute: number) => evaluateTenant({ db: t.db, tenantId: ctx.tenant.id, now: at(minute), origin: ORIGIN });

async function setup(resources: { id: string; tags?: Record<string, string> }[]) {
  const ctx = await createTenant(t.db, { plan: "pro" });
  const series: Record<string, number> = {};
  for (const r of resources) {
    await addResource(t.db, ctx.tenant.id, { connectionId, id: r.id, tags: r.tags });
    series[r.id] = await addSeries(t.db, ctx.tenant.id, { connectionId, resourceId: r.id, metric: MEM });
  }
  return { ctx, series };
}

describe("alert evaluation over stored series", () => {
  it("goes OK → PENDING → FIRING → OK, storing each transition with the values that caused it", async () => {
    const { ctx, series } = await setup([{ id: "i-a" }]);
    const created = await createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-a"]!, Array.from({ length: 30 }, (_, i) => [i - 30, 50] as [number, number]));
    await evaluate(ctx, 0);
    expect(await states(ctx, created.id)).toEqual({});

    await writeAt(t.db, ctx.tenant.id, series["i-a"]!, [[0, 95]]);
    await evaluate(ctx, 1);
    expect(await states(ctx, created.id)).toEqual({ "i-a": "pending" });
    await writeAt(t.db, ctx.tenant.id, series["i-a"]!, [[1, 96]]);
    await evaluate(ctx, 2);
    expect(await states(ctx, created.id)).toEqual({ "i-a": "pending" });
    await writeAt(t.db, ctx.tenant.id, series["i-a"]!, [[2, 97]]);
    const report = await evaluate(ctx, 3);
    expect(report.transitions).toBe(1);
    expect(await states(ctx, created.id)).toEqual({ "i-a": "firing" });

    const alerts = await listAlerts(ctx);
    expect(alerts[0]).toMatchObject({ state: "firing", resourceId: "i-a", since: at(3) });
    expect(alerts[0]!.summary[0]).toContain("= 97 %");

    await writeAt(t.db, ctx.tenant.id, series["i-a"]!, [[3, 20]]);
    await evaluate(ctx, 4);
    expect(await states(ctx, created.id)).toEqual({ "i-a": "ok" });

    const history = (await listTransitions(ctx, { ruleId: created.id })).reverse();
    expect(history.map((h) => `${h.from}>${h.to}`)).toEqual(["ok>pending", "pending>firing", "firing>ok"]);
    const firing = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.alertTransitions).where(and(eq(schema.alertTransitions.tenantId, ctx.tenant.id), eq(schema.alertTransitions.toState, "firing"))), { db: t.db });
    expect(firing[0]!.values).toMatchObject({ outcome: "data", breaching: 3, m: 3, n: 3, conditions: [{ value: 97, threshold: 80, breaching: true }] });
  });

  it("fires on M of N datapoints, not before", async () => {
    const { ctx, series } = await setup([{ id: "i-m" }]);
    const created = await createRule({ ctx, input: rule({ scope: { type: "resource", kind: "ec2_instance", resourceId: "i-m" }, duration: { type: "m_of_n", m: 2, n: 4 } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-m"]!, [[-3, 10], [-2, 10], [-1, 10], [0, 95]]);
    await evaluate(ctx, 1);
    expect(await states(ctx, created.id)).toEqual({ "i-m": "pending" });
    await writeAt(t.db, ctx.tenant.id, series["i-m"]!, [[1, 10]]);
    await evaluate(ctx, 2);
    expect(await states(ctx, created.id)).toEqual({ "i-m": "pending" });
    await writeAt(t.db, ctx.tenant.id, series["i-m"]!, [[2, 90]]);
    await evaluate(ctx, 3);
    expect(await states(ctx, created.id)).toEqual({ "i-m": "firing" });
    // Two of the last four still breach: keeps firing.
    await writeAt(t.db, ctx.tenant.id, series["i-m"]!, [[3, 10]]);
    await evaluate(ctx, 4);
    expect(await states(ctx, created.id)).toEqual({ "i-m": "firing" });
  });

  it("combines conditions with AND and OR", async () => {
    const { ctx, series } = await setup([{ id: "i-c" }]);
    const disk = await addSeries(t.db, ctx.tenant.id, { connectionId, resourceId: "i-c", metric: DISK });
    const conditions = [
      { metric: MEM, stat: "avg", windowSeconds: 60, comparator: "gt", threshold: 80 },
      { metric: DISK, stat: "max", windowSeconds: 60, comparator: "gt", threshold: 90 },
    ];
    const both = await createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" }, conditions: conditions as RuleInput["conditions"], combine: "and", duration: { type: "for", seconds: 60 } }) });
    const either = await createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" }, conditions: conditions as RuleInput["conditions"], combine: "or", duration: { type: "for", seconds: 60 } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-c"]!, [[0, 95]]);
    await writeAt(t.db, ctx.tenant.id, disk, [[0, 40]]);
    await evaluate(ctx, 1);
    expect(await states(ctx, both.id)).toEqual({});
    expect(await states(ctx, either.id)).toEqual({ "i-c": "firing" });
    await writeAt(t.db, ctx.tenant.id, series["i-c"]!, [[1, 95]]);
    await writeAt(t.db, ctx.tenant.id, disk, [[1, 93]]);
    await evaluate(ctx, 2);
    expect(await states(ctx, both.id)).toEqual({ "i-c": "firing" });
  });

  it("takes the worst of several series of one resource (any disk above the threshold)", async () => {
    const ctx = await createTenant(t.db, { plan: "pro" });
    await addResource(t.db, ctx.tenant.id, { connectionId, id: "i-d" });
    const root = await addSeries(t.db, ctx.tenant.id, { connectionId, resourceId: "i-d", metric: DISK, dimensions: { path: "/" } });
    const data = await addSeries(t.db, ctx.tenant.id, { connectionId, resourceId: "i-d", metric: DISK, dimensions: { path: "/data" } });
    const created = await createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" }, conditions: [{ metric: DISK, stat: "max", windowSeconds: 60, comparator: "gt", threshold: 90 }], duration: { type: "for", seconds: 60 } }) });
    await writeAt(t.db, ctx.tenant.id, root, [[0, 30]]);
    await writeAt(t.db, ctx.tenant.id, data, [[0, 97]]);
    await evaluate(ctx, 1);
    expect(await states(ctx, created.id)).toEqual({ "i-d": "firing" });
  });

  it("handles No Data as configured: alert, OK, or keep the last state; late data is not No Data", async () => {
    const { ctx, series } = await setup([{ id: "i-n" }]);
    const scope = { type: "resource", kind: "ec2_instance", resourceId: "i-n" } as const;
    const alerting = await createRule({ ctx, input: rule({ scope, noData: "alerting", duration: { type: "for", seconds: 60 } }) });
    const ok = await createRule({ ctx, input: rule({ scope, noData: "ok", duration: { type: "for", seconds: 60 } }) });
    const keep = await createRule({ ctx, input: rule({ scope, noData: "keep", duration: { type: "for", seconds: 60 } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-n"]!, [[0, 95]]);
    await evaluate(ctx, 1);
    for (const r of [alerting, ok, keep]) expect(await states(ctx, r.id)).toEqual({ "i-n": "firing" });
    // Five minutes without a point: CloudWatch is late, the newest datapoint in range still counts.
    await evaluate(ctx, 6);
    for (const r of [alerting, ok, keep]) expect(await states(ctx, r.id)).toEqual({ "i-n": "firing" });
    // Past the grace range: nothing at all.
    await evaluate(ctx, 30);
    expect(await states(ctx, alerting.id)).toEqual({ "i-n": "no_data" });
    expect(await states(ctx, ok.id)).toEqual({ "i-n": "ok" });
    expect(await states(ctx, keep.id)).toEqual({ "i-n": "firing" });
  });

  it("picks up resources entering a tag scope and resolves those that leave", async () => {
    const { ctx, series } = await setup([{ id: "i-t1", tags: { team: "web" } }, { id: "i-other", tags: { team: "data" } }]);
    const created = await createRule({ ctx, input: rule({ scope: { type: "tag", kind: "ec2_instance", key: "team", value: "web" }, duration: { type: "for", seconds: 60 } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-t1"]!, [[0, 95]]);
    await writeAt(t.db, ctx.tenant.id, series["i-other"]!, [[0, 95]]);
    await evaluate(ctx, 1);
    expect(await states(ctx, created.id)).toEqual({ "i-t1": "firing" });
    await addResource(t.db, ctx.tenant.id, { connectionId, id: "i-t2", tags: { team: "web" } });
    const s2 = await addSeries(t.db, ctx.tenant.id, { connectionId, resourceId: "i-t2", metric: MEM });
    await writeAt(t.db, ctx.tenant.id, s2, [[1, 99]]);
    await writeAt(t.db, ctx.tenant.id, series["i-t1"]!, [[1, 95]]);
    await evaluate(ctx, 2);
    expect(await states(ctx, created.id)).toEqual({ "i-t1": "firing", "i-t2": "firing" });
    await setResourceState(t.db, ctx.tenant.id, "i-t1", "stopped");
    await evaluate(ctx, 3);
    expect(await states(ctx, created.id)).toEqual({ "i-t1": "ok", "i-t2": "firing" });
    const last = (await listTransitions(ctx, { ruleId: created.id }))[0]!;
    expect(last).toMatchObject({ resourceId: "i-t1", from: "firing", to: "ok", summary: ["The resource left the rule's scope."] });
  });

  it("puts a rule whose stored definition broke into ERROR", async () => {
    const { ctx, series } = await setup([{ id: "i-e" }]);
    const created = await createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" }, duration: { type: "for", seconds: 60 } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-e"]!, [[0, 95]]);
    await evaluate(ctx, 1);
    await withTenant(ctx.tenant.id, (tx) => tx.execute(sql`update alert_rules set conditions = '[{"metric": 42}]', updated_at = now() where id = ${created.id}`), { db: t.db });
    await evaluate(ctx, 2);
    expect(await states(ctx, created.id)).toEqual({ "i-e": "error" });
  });

  it("evaluates once when two workers run the same cycle at the same moment", async () => {
    const { ctx, series } = await setup([{ id: "i-x" }]);
    const created = await createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" }, duration: { type: "for", seconds: 60 } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-x"]!, [[0, 95]]);
    const reports = await Promise.all([evaluate(ctx, 1), evaluate(ctx, 1), evaluate(ctx, 1)]);
    expect(reports.reduce((n, r) => n + r.transitions, 0)).toBe(1);
    await evaluate(ctx, 1);
    expect((await listTransitions(ctx, { ruleId: created.id })).length).toBe(1);
  });
});

describe("rule changes and the preview", () => {
  it("resolves a rule's open alerts when it is disabled", async () => {
    const { ctx, series } = await setup([{ id: "i-off" }]);
    const created = await createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" }, duration: { type: "for", seconds: 60 } }) });
    await writeAt(t.db, ctx.tenant.id, series["i-off"]!, [[0, 95]]);
    await evaluate(ctx, 1);
    expect(await states(ctx, created.id)).toEqual({ "i-off": "firing" });
    await updateRule({ ctx, id: created.id, input: { enabled: false }, origin: ORIGIN, now: at(2) });
    expect(await states(ctx, created.id)).toEqual({ "i-off": "ok" });
    expect((await listTransitions(ctx, { ruleId: created.id }))[0]).toMatchObject({ from: "firing", to: "ok", summary: ["Closed: rule disabled."] });
    const report = await evaluate(ctx, 3);
    expect(report.rules).toBe(0);
  });

  it("replays the last 24 hours: the series, the threshold and when the rule would have fired", async () => {
    const { ctx, series } = await setup([{ id: "i-p" }]);
    await writeAt(t.db, ctx.tenant.id, series["i-p"]!, Array.from({ length: 120 }, (_, i) => [i - 120, i >= 60 && i < 70 ? 95 : 40] as [number, number]));
    const preview = await previewRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" } }), now: at(0) });
    expect(preview).toMatchObject({ threshold: 80, resourcesInScope: 1, metric: { label: "Memory used", unit: "Percent" } });
    expect(preview.series[0]!.points).toHaveLength(120);
    // Buckets -60 … -51 breach; "for 3 min" fires at the third breaching tick and resolves at the first tick whose last three are not all breaching.
    expect(preview.firing).toEqual([{ resourceId: "i-p", from: at(-57).getTime(), to: at(-49).getTime() }]);
  });
});

describe("rule validation", () => {
  it("answers unknown metric, empty scope, wrong-typed threshold and a too-short duration with field errors and saves nothing", async () => {
    const { ctx } = await setup([{ id: "i-v" }]);
    const cases: [Record<string, unknown>, string][] = [
      [rule({ scope: { type: "kind", kind: "ec2_instance" }, conditions: [{ metric: "AWS/EC2/Nope", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 1 }] }), "conditions.0.metric"],
      [{ ...rule({ scope: { type: "kind", kind: "ec2_instance" } }), scope: undefined }, "scope"],
      [rule({ scope: { type: "tag", kind: "ec2_instance", key: " ", value: "" } }), "scope.key"],
      [rule({ scope: { type: "kind", kind: "ec2_instance" }, conditions: [{ metric: MEM, stat: "avg", windowSeconds: 60, comparator: "gt", threshold: "eighty" as unknown as number }] }), "conditions.0.threshold"],
      [rule({ scope: { type: "kind", kind: "ec2_instance" }, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }], duration: { type: "for", seconds: 60 } }), "duration.seconds"],
      [rule({ scope: { type: "kind", kind: "ec2_instance" }, conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 60, comparator: "gt", threshold: 80 }], duration: { type: "for", seconds: 300 } }), "conditions.0.windowSeconds"],
      [rule({ scope: { type: "resource", kind: "ec2_instance", resourceId: "i-missing" } }), "scope.resourceId"],
    ];
    for (const [input, field] of cases) {
      const error = await rejection(createRule({ ctx, input }));
      expect(error, field).toBeInstanceOf(ValidationError);
      expect(Object.keys((error as ValidationError).fields ?? {}), field).toContain(field);
    }
    const rows = await withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.alertRules).where(eq(schema.alertRules.tenantId, ctx.tenant.id)), { db: t.db });
    expect(rows).toHaveLength(0);
  });

  it("enforces the Free plan's 5 rules with an upgrade message", async () => {
    const ctx = await createTenant(t.db);
    for (let i = 0; i < 5; i++) await createRule({ ctx, input: rule({ name: `r${i}`, scope: { type: "kind", kind: "ec2_instance" } }) });
    const error = await rejection(createRule({ ctx, input: rule({ scope: { type: "kind", kind: "ec2_instance" } }) }));
    expect(error).toMatchObject({ code: "plan_limit", status: 402 });
    expect((error as Error).message).toMatch(/5 alert rules\. Upgrade to Pro/);
  });
});
