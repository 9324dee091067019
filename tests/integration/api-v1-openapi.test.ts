import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import type { TenantContext } from "@/lib/auth/guard";
import { buildOpenApiDocument, ENDPOINTS, findRoute, type OpenApiDocument } from "@/lib/public-api";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { seedTenantData, startApiServer } from "./api-v1-kit";
import { createTenant } from "./aws-test-kit";

const ROOT = path.resolve(import.meta.dirname, "../..");
const V1 = path.join(ROOT, "app/api/v1");
const doc: OpenApiDocument = buildOpenApiDocument({ serverUrl: "https://acme.monitr.app/api/v1" });
const METHODS = ["get", "post", "put", "patch", "delete"];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function refs(value: Json, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) k === "$ref" && typeof v === "string" ? out.push(v) : refs(v, out);
  return out;
}

function resolvePointer(ref: string): unknown {
  expect(ref.startsWith("#/")).toBe(true);
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined), doc);
}

/** Route files under app/api/v1, as Next's router sees them: "[...path]", "openapi.json", "docs". */
function routeFiles(dir = V1, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routeFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`);
    return entry.name === "route.ts" ? [prefix || "/"] : [];
  });
}

describe("the OpenAPI document", () => {
  it("is a structurally valid OpenAPI 3.1 document", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.title).toBeTruthy();
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: "http", scheme: "bearer" });
    const ids = new Set<string>();
    for (const [p, item] of Object.entries(doc.paths)) {
      expect(p.startsWith("/")).toBe(true);
      const ops = Object.entries(item).filter(([m]) => METHODS.includes(m));
      expect(ops.length, p).toBeGreaterThan(0);
      for (const [method, op] of ops) {
        expect(typeof op.operationId).toBe("string");
        expect(ids.has(String(op.operationId)), `duplicate ${op.operationId}`).toBe(false);
        ids.add(String(op.operationId));
        const responses = op.responses as Record<string, Json>;
        expect(Object.keys(responses).some((s) => /^2\d\d$/.test(s)), `${method} ${p}`).toBe(true);
        for (const r of Object.values(responses)) expect(r).toBeTruthy();
        // Every {param} in the path is declared as a required path parameter, and nothing else is.
        const declared = ((op.parameters ?? []) as { name: string; in: string; required: boolean }[]).filter((x) => x.in === "path");
        const inPath = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(declared.map((d) => d.name).sort()).toEqual(inPath.sort());
        expect(declared.every((d) => d.required)).toBe(true);
      }
    }
    for (const ref of refs(doc as unknown as Json)) expect(resolvePointer(ref), ref).toBeTruthy();
    // Operations that change something need a write key (the router enforces it too).
    for (const e of ENDPOINTS) expect(e.method === "GET" || e.scope === "write", e.operationId).toBe(true);
    expect(JSON.stringify(doc)).not.toContain("$defs");
  });

  it("documents every route the /api/v1 router serves, and nothing it does not", () => {
    // The filesystem: one catch-all that dispatches the registry, plus the document and its page.
    expect(routeFiles().sort()).toEqual(["/[...path]", "/docs", "/openapi.json"]);
    const catchAll = fs.readFileSync(path.join(V1, "[...path]/route.ts"), "utf8");
    expect(catchAll).toMatch(/dispatchApiRequest\(/);
    // The registry → the document.
    const documented = Object.entries(doc.paths).flatMap(([p, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented.sort()).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort());
    // The document → the router: every documented operation is what the router dispatches for it.
    for (const [p, item] of Object.entries(doc.paths)) {
      const segments = p.split("/").filter(Boolean).map((s) => (s.startsWith("{") ? "00000000-0000-4000-8000-000000000000" : s));
      for (const [method, op] of Object.entries(item)) {
        const hit = findRoute(ENDPOINTS, method.toUpperCase(), segments);
        expect(hit && "endpoint" in hit ? hit.endpoint.operationId : null, `${method} ${p}`).toBe(op.operationId);
      }
    }
  });
});

describe("over HTTP", () => {
  let t: TestDatabase;
  let ctx: TenantContext;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  let key: string;
  let connectionId: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    ctx = await createTenant(t.db);
    connectionId = (await seedTenantData(t.db, ctx)).connectionId;
    key = (await createApiKey({ ctx, input: { name: "doc", scope: "write" } })).key;
    api = await startApiServer({ db: t.db });
  });
  afterAll(async () => {
    await api?.close();
    await t?.drop();
  });

  it("serves the document, and every documented GET answers with a body its response schema accepts", async () => {
    const served = await api.call(ctx.tenant.slug, "/openapi.json");
    expect(served.status).toBe(200);
    expect(Object.keys(served.json.paths as object).sort()).toEqual(Object.keys(doc.paths).sort());
    const now = Date.now();
    const sample: Record<string, string> = {
      "/metrics/query": `?series=1&from=${new Date(now - 3_600_000).toISOString()}&to=${new Date(now).toISOString()}`,
      "/costs": `?from=${new Date(now - 7 * 86_400_000).toISOString().slice(0, 10)}&to=${new Date(now).toISOString().slice(0, 10)}`,
    };
    for (const endpoint of ENDPOINTS.filter((e) => e.method === "GET")) {
      const p = endpoint.path.replace("{id}", connectionId) + (sample[endpoint.path] ?? "");
      const res = await api.call(ctx.tenant.slug, p, { key });
      expect(res.json.error?.code, p).not.toBe("route_not_found");
      if (res.status === 200) expect(() => endpoint.response.parse(res.json), p).not.toThrow();
      else expect(res.status, `${p}: ${JSON.stringify(res.json)}`).toBe(404); // series id 1 is not this tenant's
    }
  });
});
