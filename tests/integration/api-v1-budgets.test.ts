import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import type { TenantContext } from "@/lib/auth/guard";
import { storeCosts } from "@/lib/collect/costs/store-costs";
import { schema, withTenant } from "@/lib/db";
import { buildOpenApiDocument, ENDPOINTS } from "@/lib/public-api";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { startApiServer } from "./api-v1-kit";
import { createTenant } from "./aws-test-kit";
import { addMember, newUser, type Person } from "./team-kit";

/*
 * Budgets over real HTTP with real Postgres: the lifecycle (create, read with the month's spend,
 * change, replace, delete), scopes, the role rules the UI applies, tenant isolation, and field
 * errors — each write checked against the rows it left behind.
 */

let t: TestDatabase;
let a: TenantContext;
let b: TenantContext;
let api: Awaited<ReturnType<typeof startApiServer>>;
let adminWrite: string;
let adminRead: string;
let memberWrite: string;
let bWrite: string;
let member: Person;

// A closed month, so spend and forecast are fixed: the month before the current one (UTC).
const now = new Date();
const prev = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const MONTH = prev.toISOString().slice(0, 7);
const day = (d: number) => `${MONTH}-${String(d).padStart(2, "0")}`;
// Three days of two services: 3 × (40 + 12.5) = 157.5 USD.
const SPEND = 157.5;

const parse = (operationId: string, json: unknown) => ENDPOINTS.find((e) => e.operationId === operationId)!.response.parse(json) as Record<string, unknown>;
const budgetRows = (tenantId: string) => withTenant(tenantId, (tx) => tx.select().from(schema.budgets).where(eq(schema.budgets.tenantId, tenantId)), { db: t.db });

/** A key created by `person` while an admin; their role is then set to `role` (keys act with the creator's current role). */
async function keyOf(ctx: TenantContext, person: Person, role: "member" | "viewer", scope: "read" | "write"): Promise<string> {
  await addMember(t.db, ctx.tenant.id, person, "admin");
  const { key } = await createApiKey({ ctx: { ...ctx, actor: { userId: person.id, email: person.email, name: person.name, role: "admin" } }, input: { name: `${role}-${scope}`, scope } });
  await withTenant(ctx.tenant.id, (tx) => tx.update(schema.memberships).set({ role }).where(and(eq(schema.memberships.tenantId, ctx.tenant.id), eq(schema.memberships.userId, person.id))), { db: t.db });
  return key;
}

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTenant(t.db);
  b = await createTenant(t.db);
  await withTenant(
    a.tenant.id,
    async (tx) => {
      const [connection] = await tx
        .insert(schema.awsConnections)
        .values({ tenantId: a.tenant.id, name: "Production", awsAccountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/Monitr", regions: ["us-east-1"], status: "healthy" })
        .returning();
      await storeCosts(tx, {
        tenantId: a.tenant.id,
        connectionId: connection.id,
        recordedAt: now,
        figures: [1, 2, 3].flatMap((d) =>
          [
            ["Amazon Elastic Compute Cloud - Compute", "40"],
            ["Amazon Simple Storage Service", "12.5"],
          ].map(([service, amount]) => ({ periodStart: day(d), granularity: "DAILY" as const, groupKind: "service" as const, groupKey: "SERVICE", groupValue: service, metric: "UnblendedCost", amount, unit: "USD", estimated: false })),
        ),
      });
    },
    { db: t.db },
  );
  adminWrite = (await createApiKey({ ctx: a, input: { name: "ci", scope: "write" } })).key;
  adminRead = (await createApiKey({ ctx: a, input: { name: "dash", scope: "read" } })).key;
  member = await newUser(t.db, "Mia Member");
  memberWrite = await keyOf(a, member, "member", "write");
  bWrite = (await createApiKey({ ctx: b, input: { name: "b", scope: "write" } })).key;
  api = await startApiServer({ db: t.db });
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

describe("budgets over /api/v1", () => {
  let id: string;

  it("refuses to create with a read key, and writes nothing", async () => {
    const res = await api.call(a.tenant.slug, "/budgets", { key: adminRead, method: "POST", body: { scope: { kind: "tenant" }, monthlyLimit: 100 } });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("forbidden");
    expect(await budgetRows(a.tenant.id)).toEqual([]);
  });

  it("creates the workspace budget, then lists it with the month's spend, forecast and thresholds", async () => {
    const created = await api.call(a.tenant.slug, "/budgets", { key: adminWrite, method: "POST", body: { scope: { kind: "tenant" }, monthlyLimit: "200", thresholds: [80, 50, 80] } });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const budget = parse("createBudget", created.json);
    expect(budget).toMatchObject({ scope: { kind: "tenant", id: a.tenant.id }, name: a.tenant.name, monthlyLimit: 200, thresholds: [50, 80], alertOnActual: true, alertOnForecast: true, channelIds: [] });
    id = budget.id as string;
    const [row] = await budgetRows(a.tenant.id);
    expect(row).toMatchObject({ id, scopeKind: "tenant", monthlyLimit: "200.00", thresholds: [50, 80], createdBy: a.actor.userId });
    const audit = await withTenant(a.tenant.id, (tx) => tx.select().from(schema.auditLog).where(eq(schema.auditLog.action, "budget.created")), { db: t.db });
    expect(audit.map((r) => [r.target, r.actorUserId])).toEqual([[id, a.actor.userId]]);

    const listed = await api.call(a.tenant.slug, `/budgets?month=${MONTH}`, { key: adminRead });
    expect(listed.status).toBe(200);
    const page = parse("listBudgets", listed.json) as { data: Record<string, unknown>[]; nextCursor: string | null };
    expect(page.nextCursor).toBeNull();
    expect(page.data).toHaveLength(1);
    // A closed month: the forecast is what was spent.
    expect(page.data[0]).toMatchObject({ id, month: MONTH, actual: SPEND, forecast: SPEND, pctActual: (SPEND / 200) * 100, pctForecast: (SPEND / 200) * 100, alertsSent: [] });
    const one = await api.call(a.tenant.slug, `/budgets/${id}?month=${MONTH}`, { key: adminRead });
    expect(one.json).toEqual(page.data[0]);
  });

  it("changes only the fields a patch names, and validates the merged budget with the UI's rules", async () => {
    const patched = await api.call(a.tenant.slug, `/budgets/${id}`, { key: adminWrite, method: "PATCH", body: { monthlyLimit: 150, alertOnForecast: false } });
    expect(patched.status, JSON.stringify(patched.json)).toBe(200);
    expect(parse("updateBudget", patched.json)).toMatchObject({ id, monthlyLimit: 150, thresholds: [50, 80], alertOnActual: true, alertOnForecast: false });
    expect((await budgetRows(a.tenant.id))[0]).toMatchObject({ monthlyLimit: "150.00", thresholds: [50, 80], alertOnForecast: false });

    // Posting for a scope that has a budget replaces it (one budget per scope), keeping its id:
    // 200, not 201, since nothing was created; the document says so.
    const replaced = await api.call(a.tenant.slug, "/budgets", { key: adminWrite, method: "POST", body: { scope: { kind: "tenant" }, monthlyLimit: 300 } });
    expect(replaced.status).toBe(200);
    const post = buildOpenApiDocument({ serverUrl: "http://x/api/v1" }).paths["/budgets"]?.post;
    expect(Object.keys((post?.responses ?? {}) as object)).toEqual(expect.arrayContaining(["200", "201"]));
    expect(replaced.json).toMatchObject({ id, monthlyLimit: 300, thresholds: [50, 80, 100], alertOnForecast: true });
    expect(await budgetRows(a.tenant.id)).toHaveLength(1);
  });

  it("answers 400 naming the field for bad input, and changes nothing", async () => {
    const before = await budgetRows(a.tenant.id);
    const cases: [string, string, unknown, string][] = [
      ["POST", "/budgets", { scope: { kind: "tenant" }, monthlyLimit: -5 }, "monthlyLimit"],
      ["POST", "/budgets", { scope: { kind: "tenant" } }, "monthlyLimit"],
      ["POST", "/budgets", { scope: { kind: "planet" }, monthlyLimit: 5 }, "scope.kind"],
      ["POST", "/budgets", { scope: { kind: "team" }, monthlyLimit: 5 }, "scope.id"],
      ["POST", "/budgets", { scope: { kind: "tenant" }, monthlyLimit: 5, thresholds: [] }, "thresholds"],
      ["POST", "/budgets", { scope: { kind: "tenant" }, monthlyLimit: 5, channelIds: ["9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"] }, "channelIds"],
      ["PATCH", `/budgets/${id}`, { monthlyLimit: "lots" }, "monthlyLimit"],
      ["PATCH", `/budgets/${id}`, { thresholds: [50, 5000] }, "thresholds.1"],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api.call(a.tenant.slug, path, { key: adminWrite, method, body });
      expect(res.status, `${method} ${JSON.stringify(body)}: ${JSON.stringify(res.json)}`).toBe(400);
      expect(res.json.error?.code).toBe("validation_failed");
      expect(Object.keys(res.json.error?.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    const month = await api.call(a.tenant.slug, "/budgets?month=2026-13", { key: adminRead });
    expect(month.status).toBe(400);
    expect(month.json.error?.fields).toHaveProperty("month");
    const cursor = await api.call(a.tenant.slug, "/budgets?cursor=nope", { key: adminRead });
    expect(cursor.json.error?.fields).toHaveProperty("cursor");
    expect(await budgetRows(a.tenant.id)).toEqual(before);
  });

  it("applies the UI's role rules to the key's creator: a member's key manages only their own budget", async () => {
    const workspace = await api.call(a.tenant.slug, "/budgets", { key: memberWrite, method: "POST", body: { scope: { kind: "tenant" }, monthlyLimit: 1 } });
    expect(workspace.status).toBe(403);
    const patch = await api.call(a.tenant.slug, `/budgets/${id}`, { key: memberWrite, method: "PATCH", body: { monthlyLimit: 1 } });
    expect(patch.status).toBe(403);
    const own = await api.call(a.tenant.slug, "/budgets", { key: memberWrite, method: "POST", body: { scope: { kind: "user", id: member.id }, monthlyLimit: 40 } });
    expect(own.status, JSON.stringify(own.json)).toBe(201);
    expect(own.json).toMatchObject({ scope: { kind: "user", id: member.id }, name: "Mia Member", monthlyLimit: 40 });
    expect((await budgetRows(a.tenant.id)).find((r) => r.scopeKind === "tenant")?.monthlyLimit).toBe("300.00");

    // An admin's key sees every budget; a member's the workspace's and their own.
    const other = await newUser(t.db, "Oscar Other");
    await addMember(t.db, a.tenant.id, other, "member");
    const theirs = await api.call(a.tenant.slug, "/budgets", { key: adminWrite, method: "POST", body: { scope: { kind: "user", id: other.id }, monthlyLimit: 10 } });
    expect(theirs.status).toBe(201);
    const names = async (key: string) => ((await api.call(a.tenant.slug, "/budgets", { key })).json.data as { name: string }[]).map((x) => x.name);
    expect(await names(adminRead)).toEqual([a.tenant.name, "Mia Member", "Oscar Other"]);
    expect(await names(memberWrite)).toEqual([a.tenant.name, "Mia Member"]);
    expect((await api.call(a.tenant.slug, `/budgets/${theirs.json.id}`, { key: memberWrite })).status).toBe(404);
  });

  it("pages with cursors, without gaps or repeats", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api.call(a.tenant.slug, `/budgets?limit=1${cursor ? `&cursor=${cursor}` : ""}`, { key: adminRead });
      expect(res.status).toBe(200);
      const page = parse("listBudgets", res.json) as { data: { id: string }[]; nextCursor: string | null };
      seen.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(3);
    expect(seen.sort()).toEqual((await budgetRows(a.tenant.id)).map((r) => r.id).sort());
  });

  it("answers 404 for another workspace's budget ids, and leaves them alone", async () => {
    for (const [method, body] of [["GET", undefined], ["PATCH", { monthlyLimit: 1 }], ["DELETE", undefined]] as const) {
      const res = await api.call(b.tenant.slug, `/budgets/${id}`, { key: bWrite, method, body });
      expect(res.status, method).toBe(404);
      expect(res.json.error?.code).toBe("not_found");
    }
    expect((await api.call(b.tenant.slug, "/budgets", { key: bWrite })).json.data).toEqual([]);
    expect((await api.call(a.tenant.slug, "/budgets/not-a-uuid", { key: adminRead })).status).toBe(404);
    expect((await budgetRows(a.tenant.id)).find((r) => r.id === id)?.monthlyLimit).toBe("300.00");
  });

  it("deletes with a write key (not a read key)", async () => {
    expect((await api.call(a.tenant.slug, `/budgets/${id}`, { key: adminRead, method: "DELETE" })).status).toBe(403);
    const res = await api.call(a.tenant.slug, `/budgets/${id}`, { key: adminWrite, method: "DELETE" });
    expect(res.status).toBe(204);
    expect(res.body.length).toBe(0);
    expect((await api.call(a.tenant.slug, `/budgets/${id}`, { key: adminRead })).status).toBe(404);
    expect((await budgetRows(a.tenant.id)).map((r) => r.id)).not.toContain(id);
  });
});
