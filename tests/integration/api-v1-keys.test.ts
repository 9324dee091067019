import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/api-keys";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ForbiddenError } from "@/lib/http/errors";
import { RULE_PRESETS } from "@/lib/alerts";
import { defineEndpoint, ENDPOINTS } from "@/lib/public-api";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { startApiServer, seedTenantData } from "./api-v1-kit";
import { createTenant, rejection } from "./aws-test-kit";

let t: TestDatabase;
let a: TenantContext;
let b: TenantContext;
let seedA: Awaited<ReturnType<typeof seedTenantData>>;
let seedB: Awaited<ReturnType<typeof seedTenantData>>;
let api: Awaited<ReturnType<typeof startApiServer>>;

// A write-scoped operation, to show scopes are enforced by the router before any verb runs.
const writeProbe = defineEndpoint({
  operationId: "probeWrite",
  method: "POST",
  path: "/probe",
  tag: "Test",
  summary: "write probe",
  scope: "write",
  body: z.object({ note: z.string().min(1) }),
  response: z.object({ ok: z.boolean(), role: z.string() }),
  status: 201,
  async handle({ ctx }) {
    return { ok: true, role: ctx.actor.role };
  },
});

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTenant(t.db);
  b = await createTenant(t.db);
  seedA = await seedTenantData(t.db, a);
  seedB = await seedTenantData(t.db, b);
  api = await startApiServer({ db: t.db, endpoints: [...ENDPOINTS, writeProbe] });
});
afterAll(async () => {
  await api?.close();
  await t?.drop();
});

const auditOf = (ctx: TenantContext) =>
  withTenant(ctx.tenant.id, (tx) => tx.select().from(schema.auditLog).where(sql`action like 'api_key.%'`).orderBy(schema.auditLog.id), { db: t.db });

describe("API key lifecycle", () => {
  it("shows a key once, stores only its hash and prefix, audits, records last use, and stops it on revoke", async () => {
    const { key, apiKey } = await createApiKey({ ctx: a, input: { name: "CI", scope: "read" }, ip: "198.51.100.7" });
    expect(key).toMatch(/^mk_[0-9a-f]{8}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const stored = await t.db.execute<{ key_hash: string; prefix: string }>(sql`select key_hash, prefix from api_keys where id = ${apiKey.id}`);
    expect(stored.rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows)).not.toContain(key);
    const listed = await listApiKeys(a);
    expect(listed.find((k) => k.id === apiKey.id)).toMatchObject({ name: "CI", scope: "read", lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(key);

    const me = await api.call(a.tenant.slug, "/me", { key });
    expect(me.status).toBe(200);
    expect(me.json).toEqual({ workspace: { slug: a.tenant.slug, name: a.tenant.name, plan: "free" }, key: { prefix: apiKey.prefix, scope: "read", role: "admin" } });
    expect((await listApiKeys(a)).find((k) => k.id === apiKey.id)?.lastUsedAt).toBeInstanceOf(Date);

    await revokeApiKey({ ctx: a, id: apiKey.id });
    const after = await api.call(a.tenant.slug, "/me", { key });
    expect(after.status).toBe(401);
    expect(after.json.error?.code).toBe("unauthorized");
    expect((await auditOf(a)).map((r) => [r.action, r.target])).toEqual([
      ["api_key.created", apiKey.id],
      ["api_key.revoked", apiKey.id],
    ]);
  });

  it("lets only owners and admins manage keys", async () => {
    const viewer: TenantContext = { ...a, actor: { ...a.actor, role: "viewer" } };
    const member: TenantContext = { ...a, actor: { ...a.actor, role: "member" } };
    expect(await rejection(createApiKey({ ctx: viewer, input: { name: "x", scope: "read" } }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(createApiKey({ ctx: member, input: { name: "x", scope: "write" } }))).toBeInstanceOf(ForbiddenError);
    expect(await rejection(listApiKeys(member))).toBeInstanceOf(ForbiddenError);
  });

  it("answers 401 without a key or with a malformed one, with the standard error body", async () => {
    for (const key of [undefined, "nope", "mk_00000000_" + "a".repeat(43)]) {
      const res = await api.call(a.tenant.slug, "/resources", { key });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
    }
  });
});

describe("scopes", () => {
  it("refuses writes with a read key, and acts with the creator's current role, never above admin", async () => {
    const read = await createApiKey({ ctx: a, input: { name: "reader", scope: "read" } });
    const write = await createApiKey({ ctx: a, input: { name: "writer", scope: "write" } });
    const denied = await api.call(a.tenant.slug, "/probe", { key: read.key, method: "POST", body: { note: "hi" } });
    expect(denied.status).toBe(403);
    expect(denied.json.error?.message).toMatch(/read-only/);
    // The owner's key acts as an admin: owner-only acts are not for keys.
    const ok = await api.call(a.tenant.slug, "/probe", { key: write.key, method: "POST", body: { note: "hi" } });
    expect(ok.status).toBe(201);
    expect(ok.json).toEqual({ ok: true, role: "admin" });
    const bad = await api.call(a.tenant.slug, "/probe", { key: write.key, method: "POST", body: { note: "" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.fields).toHaveProperty("note");

    // An admin's key, after the admin is made a member, acts as a member.
    const [person] = await t.db.insert(schema.users).values({ email: `demoted-${Date.now()}@acme.test`, name: "Dee", passwordHash: "x" }).returning();
    await withTenant(a.tenant.id, (tx) => tx.insert(schema.memberships).values({ tenantId: a.tenant.id, userId: person.id, role: "admin" }), { db: t.db });
    const theirs = await createApiKey({ ctx: { ...a, actor: { userId: person.id, email: person.email, name: person.name, role: "admin" } }, input: { name: "dee", scope: "write" } });
    expect((await api.call(a.tenant.slug, "/probe", { key: theirs.key, method: "POST", body: { note: "x" } })).json).toEqual({ ok: true, role: "admin" });
    await withTenant(a.tenant.id, (tx) => tx.update(schema.memberships).set({ role: "member" }).where(and(eq(schema.memberships.tenantId, a.tenant.id), eq(schema.memberships.userId, person.id))), { db: t.db });
    expect((await api.call(a.tenant.slug, "/probe", { key: theirs.key, method: "POST", body: { note: "x" } })).json).toEqual({ ok: true, role: "member" });
  });

  it("requires the write scope for every operation but GET, whatever the registry entry says", async () => {
    const mislabelled = defineEndpoint({ operationId: "mislabelled", method: "POST", path: "/mislabelled", tag: "Test", summary: "x", scope: "read", response: z.object({ ok: z.boolean() }), status: 201, handle: async () => ({ ok: true }) });
    const server = await startApiServer({ db: t.db, endpoints: [mislabelled] });
    try {
      const read = await createApiKey({ ctx: a, input: { name: "r2", scope: "read" } });
      const write = await createApiKey({ ctx: a, input: { name: "w2", scope: "write" } });
      expect((await server.call(a.tenant.slug, "/mislabelled", { key: read.key, method: "POST" })).status).toBe(403);
      expect((await server.call(a.tenant.slug, "/mislabelled", { key: write.key, method: "POST" })).status).toBe(201);
    } finally {
      await server.close();
    }
  });

  it("stops a key whose creator left the workspace", async () => {
    const { key } = await createApiKey({ ctx: a, input: { name: "leaver", scope: "read" } });
    const [other] = await t.db.insert(schema.users).values({ email: `leaver-${Date.now()}@acme.test`, name: "Leaver", passwordHash: "x" }).returning();
    await withTenant(a.tenant.id, (tx) => tx.insert(schema.memberships).values({ tenantId: a.tenant.id, userId: other.id, role: "admin" }), { db: t.db });
    const ctx: TenantContext = { ...a, actor: { userId: other.id, email: other.email, name: other.name, role: "admin" } };
    const mine = await createApiKey({ ctx, input: { name: "theirs", scope: "read" } });
    expect((await api.call(a.tenant.slug, "/me", { key: mine.key })).status).toBe(200);
    await withTenant(a.tenant.id, (tx) => tx.delete(schema.memberships).where(and(eq(schema.memberships.tenantId, a.tenant.id), eq(schema.memberships.userId, other.id))), { db: t.db });
    expect((await api.call(a.tenant.slug, "/me", { key: mine.key })).status).toBe(401);
    expect((await api.call(a.tenant.slug, "/me", { key })).status).toBe(200);
  });
});

describe("tenant isolation", () => {
  it("rejects tenant A's key on tenant B's host, and answers 404 for B's ids on A's host", async () => {
    const { key } = await createApiKey({ ctx: a, input: { name: "iso", scope: "read" } });
    expect((await api.call(b.tenant.slug, "/me", { key })).status).toBe(401);
    expect((await api.call(a.tenant.slug, `/connections/${seedA.connectionId}`, { key })).status).toBe(200);
    for (const path of [`/connections/${seedB.connectionId}`, `/connections/${seedB.connectionId}/sync-runs`, `/connections/not-a-uuid`]) {
      const res = await api.call(a.tenant.slug, path, { key });
      expect(res.status, path).toBe(404);
      expect(res.json.error?.code).toBe("not_found");
    }
    const from = new Date(Date.now() - 6 * 3_600_000).toISOString();
    const to = new Date().toISOString();
    const foreign = await api.call(a.tenant.slug, `/metrics/query?series=${seedB.seriesIds[0]}&from=${from}&to=${to}`, { key });
    expect(foreign.status).toBe(404);
    const mixed = await api.call(a.tenant.slug, `/metrics/query?series=${seedA.seriesIds[0]},${seedB.seriesIds[1]}&from=${from}&to=${to}`, { key });
    expect(mixed.status).toBe(404);
    const list = await api.call(a.tenant.slug, `/resources?connectionId=${seedB.connectionId}`, { key });
    expect(list.json.data).toEqual([]);
  });

  it("answers 403 tenant_suspended for a suspended workspace's keys", async () => {
    const c = await createTenant(t.db);
    const { key } = await createApiKey({ ctx: c, input: { name: "s", scope: "read" } });
    expect((await api.call(c.tenant.slug, "/me", { key })).status).toBe(200);
    await t.db.update(schema.tenants).set({ status: "suspended" }).where(eq(schema.tenants.id, c.tenant.id));
    const res = await api.call(c.tenant.slug, "/me", { key });
    expect(res.status).toBe(403);
    expect(res.json.error?.code).toBe("tenant_suspended");
  });
});

describe("rate limits", () => {
  it("answers 429 with Retry-After once a key is over its per-minute limit, per key", async () => {
    const limited = await startApiServer({ db: t.db, rateLimitPerMinute: 3 });
    try {
      const one = await createApiKey({ ctx: a, input: { name: "rl-1", scope: "read" } });
      const two = await createApiKey({ ctx: a, input: { name: "rl-2", scope: "read" } });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await limited.call(a.tenant.slug, "/me", { key: one.key })).status);
      // A window boundary can fall inside the loop; then the 4th call starts a new window.
      const last = await limited.call(a.tenant.slug, "/me", { key: one.key });
      const all = [...statuses, last.status];
      expect(all.slice(0, 3)).toEqual([200, 200, 200]);
      expect(all).toContain(429);
      const limitedResponse = statuses[3] === 429 ? await limited.call(a.tenant.slug, "/me", { key: one.key }) : last;
      expect(limitedResponse.status).toBe(429);
      expect(Number(limitedResponse.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(limitedResponse.headers.get("retry-after"))).toBeLessThanOrEqual(60);
      expect(limitedResponse.json.error?.code).toBe("rate_limited");
      expect((await limited.call(a.tenant.slug, "/me", { key: two.key })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("endpoints", () => {
  let key: string;
  beforeAll(async () => {
    key = (await createApiKey({ ctx: a, input: { name: "reader", scope: "read" } })).key;
  });

  it("pages through resources with cursors, without gaps or repeats, and filters by state", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await api.call(a.tenant.slug, `/resources?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { key });
      expect(res.status).toBe(200);
      const endpoint = ENDPOINTS.find((e) => e.operationId === "listResources")!;
      const body = endpoint.response.parse(res.json) as { data: { resourceId: string }[]; nextCursor: string | null };
      seen.push(...body.data.map((r) => r.resourceId));
      cursor = body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(seedA.instances);
    expect(pages).toBe(2);
    const running = await api.call(a.tenant.slug, "/resources?state=running", { key });
    expect((running.json.data as { resourceId: string }[]).map((r) => r.resourceId)).toEqual(["i-0aaa", "i-0bbb"]);
    const past = await api.call(a.tenant.slug, `/resources?validAt=${new Date(Date.now() - 72 * 3_600_000).toISOString()}`, { key });
    expect(past.json.data).toEqual([]);
  });

  it("answers field-level 400s for bad input: a bad cursor, an unknown parameter, a bad date", async () => {
    const cursor = await api.call(a.tenant.slug, "/resources?cursor=garbage", { key });
    expect(cursor.status).toBe(400);
    expect(cursor.json.error?.fields).toHaveProperty("cursor");
    const unknown = await api.call(a.tenant.slug, "/resources?kindd=ec2_instance", { key });
    expect(unknown.status).toBe(400);
    const date = await api.call(a.tenant.slug, "/resources?asOf=yesterday", { key });
    expect(date.status).toBe(400);
    expect(date.json.error?.fields).toHaveProperty("asOf");
    const limit = await api.call(a.tenant.slug, "/resources?limit=0", { key });
    expect(limit.json.error?.fields).toHaveProperty("limit");
    const route = await api.call(a.tenant.slug, "/nothing-here", { key });
    expect(route.status).toBe(404);
    expect(route.json.error?.code).toBe("route_not_found");
    const method = await api.call(a.tenant.slug, "/resources", { key, method: "DELETE" });
    expect(method.status).toBe(405);
    expect(method.headers.get("allow")).toBe("GET");
  });

  it("queries metrics and costs", async () => {
    const from = new Date(Date.now() - 6 * 3_600_000).toISOString();
    const to = new Date().toISOString();
    const res = await api.call(a.tenant.slug, `/metrics/query?series=${seedA.seriesIds.join(",")}&from=${from}&to=${to}&stat=max`, { key });
    expect(res.status).toBe(200);
    const body = res.json as { resolution: string; series: { seriesId: number; points: { value: number }[] }[] };
    expect(body.series.map((s) => s.seriesId)).toEqual(seedA.seriesIds);
    expect(body.series[2].points.length).toBeGreaterThan(50);
    expect(Math.max(...body.series[2].points.map((p) => p.value))).toBe(79);
    // Again, now with finished buckets from the process's cache: the same answer.
    const again = await api.call(a.tenant.slug, `/metrics/query?series=${seedA.seriesIds.join(",")}&from=${from}&to=${to}&stat=max`, { key });
    expect(again.json).toEqual(res.json);
    const series = await api.call(a.tenant.slug, "/series?metric=CPUUtilization&limit=500", { key });
    expect((series.json.data as unknown[]).length).toBe(3);

    const costs = await api.call(a.tenant.slug, `/costs?from=${seedA.day(2)}&to=${seedA.day(1)}&groupBy=day`, { key });
    expect(costs.json).toEqual({
      groupBy: "day",
      unit: "USD",
      total: 93,
      rows: [
        { key: seedA.day(2), amount: 47, estimated: false },
        { key: seedA.day(1), amount: 46, estimated: true },
      ],
    });
    const byService = await api.call(a.tenant.slug, `/costs?from=${seedA.day(2)}&to=${seedA.day(1)}&groupBy=service`, { key });
    expect((byService.json.rows as { key: string; amount: number }[]).map((r) => [r.key, r.amount])).toEqual([
      ["Amazon Elastic Compute Cloud - Compute", 83],
      ["Amazon Simple Storage Service", 10],
    ]);
    const tagless = await api.call(a.tenant.slug, `/costs?from=${seedA.day(2)}&to=${seedA.day(1)}&groupBy=tag`, { key });
    expect(tagless.json.error?.fields).toHaveProperty("tagKey");
  });
});

describe("alert rules over the API", () => {
  it("creates with a write key, refuses a read key, updates, lists history, and hides other tenants' rules", async () => {
    const read = (await createApiKey({ ctx: a, input: { name: "r", scope: "read" } })).key;
    const write = (await createApiKey({ ctx: a, input: { name: "w", scope: "write" } })).key;
    const writeB = (await createApiKey({ ctx: b, input: { name: "wb", scope: "write" } })).key;
    const body = { ...RULE_PRESETS[0].rule, name: "CPU hot (API)" };
    const denied = await api.call(a.tenant.slug, "/alert-rules", { key: read, method: "POST", body });
    expect(denied.status).toBe(403);
    const created = await api.call(a.tenant.slug, "/alert-rules", { key: write, method: "POST", body });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const endpoint = ENDPOINTS.find((e) => e.operationId === "createAlertRule")!;
    const rule = endpoint.response.parse(created.json) as { id: string; name: string };
    expect(rule.name).toBe("CPU hot (API)");
    const invalid = await api.call(a.tenant.slug, "/alert-rules", { key: write, method: "POST", body: { ...body, conditions: [] } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error?.fields).toHaveProperty("conditions");

    const patched = await api.call(a.tenant.slug, `/alert-rules/${rule.id}`, { key: write, method: "PATCH", body: { name: "CPU very hot" } });
    expect(patched.status).toBe(200);
    expect(patched.json.name).toBe("CPU very hot");
    const listed = await api.call(a.tenant.slug, "/alert-rules", { key: read });
    expect((listed.json.data as { id: string }[]).map((r) => r.id)).toContain(rule.id);
    expect((await api.call(a.tenant.slug, "/alerts", { key: read })).status).toBe(200);
    expect((await api.call(a.tenant.slug, "/alerts/history", { key: read })).status).toBe(200);

    expect((await api.call(b.tenant.slug, `/alert-rules/${rule.id}`, { key: writeB })).status).toBe(404);
    const foreignPatch = await api.call(b.tenant.slug, `/alert-rules/${rule.id}`, { key: writeB, method: "PATCH", body: { name: "pwned" } });
    expect(foreignPatch.status).toBe(404);
    expect((await api.call(a.tenant.slug, `/alert-rules/${rule.id}`, { key: read })).json.name).toBe("CPU very hot");
  });
});
