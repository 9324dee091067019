import zlib from "node:zlib";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { ENDPOINTS } from "@/lib/public-api";
import { readWhole, runQueuedFile } from "@/lib/reports";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { seedTenantData, startApiServer } from "./api-v1-kit";
import { createTenant } from "./aws-test-kit";
import { parseCsv } from "./reports-kit";

/*
 * "Trigger a report and fetch it" over real HTTP: POST → 202 with the report, GET its status, GET
 * the file; the worker's half for a queued report is the worker's own function (runQueuedFile).
 */

let t: TestDatabase;
let a: TenantContext;
let b: TenantContext;
let seedA: Awaited<ReturnType<typeof seedTenantData>>;
let api: Awaited<ReturnType<typeof startApiServer>>;
let queuing: Awaited<ReturnType<typeof startApiServer>>;
let write: string;
let read: string;
let bRead: string;

/** The text of a PDF's deflated content streams (standard fonts write text as hex strings in TJ arrays). */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  for (let at = pdf.indexOf("stream", 0, "latin1"); at >= 0; at = pdf.indexOf("stream", at, "latin1")) {
    const start = pdf[at + 6] === 0x0d ? at + 8 : at + 7;
    const end = pdf.indexOf("endstream", start, "latin1");
    if (end < 0) break;
    try {
      const content = zlib.inflateSync(pdf.subarray(start, end)).toString("latin1");
      for (const array of content.match(/\[[^\]]*\]\s*TJ/g) ?? []) out.push((array.match(/<([0-9a-f]*)>/gi) ?? []).map((h) => Buffer.from(h.slice(1, -1), "hex").toString("latin1")).join(""));
    } catch {
      // not a deflated content stream
    }
    at = end + "endstream".length;
  }
  return out.join("\n");
}

const parse = (operationId: string, json: unknown) => ENDPOINTS.find((e) => e.operationId === operationId)!.response.parse(json) as Record<string, unknown>;
const files = (tenantId: string) => withTenant(tenantId, (tx) => tx.select().from(schema.reportFiles).where(eq(schema.reportFiles.tenantId, tenantId)), { db: t.db });

beforeAll(async () => {
  t = await createTestDatabase();
  a = await createTenant(t.db);
  b = await createTenant(t.db);
  seedA = await seedTenantData(t.db, a);
  await seedTenantData(t.db, b);
  write = (await createApiKey({ ctx: a, input: { name: "w", scope: "write" } })).key;
  read = (await createApiKey({ ctx: a, input: { name: "r", scope: "read" } })).key;
  bRead = (await createApiKey({ ctx: b, input: { name: "br", scope: "read" } })).key;
  api = await startApiServer({ db: t.db });
  // Every report is "large" here, so it is queued for a worker instead of made in the request.
  queuing = await startApiServer({ db: t.db, reports: { inlineMaxRows: 1 } });
});
afterAll(async () => {
  await api?.close();
  await queuing?.close();
  await t?.drop();
});

describe("reports over /api/v1", () => {
  it("refuses to generate with a read key, and writes nothing", async () => {
    const res = await api.call(a.tenant.slug, "/reports", { key: read, method: "POST", body: { kind: "costs", format: "csv" } });
    expect(res.status).toBe(403);
    expect(await files(a.tenant.id)).toEqual([]);
  });

  it("generates a small CSV in the request: 202 done, then status and file", async () => {
    const res = await api.call(a.tenant.slug, "/reports", { key: write, method: "POST", body: { kind: "costs", format: "csv", range: { preset: "7d" } } });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    const report = parse("createReport", res.json);
    expect(report).toMatchObject({ kind: "costs", format: "csv", status: "done", progress: 100, error: null, downloadUrl: `/api/v1/reports/${report.id}/file` });

    const status = await api.call(a.tenant.slug, `/reports/${report.id}`, { key: read });
    expect(status.status).toBe(200);
    expect(parse("getReport", status.json)).toEqual(report);

    const file = await api.call(a.tenant.slug, `/reports/${report.id}/file`, { key: read });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(file.headers.get("content-disposition")).toContain(`filename="${report.filename}"`);
    expect(file.body.length).toBe(report.sizeBytes);
    const [header, ...rows] = parseCsv(file.body.toString("utf8")).filter((r) => r.length > 1);
    expect(header).toEqual(["day", "service", "tag", "cost", "currency", "estimated"]);
    // What seedTenantData stored: two days of EC2 (42, 41) and S3 (5, 5).
    expect(rows.map((r) => [r[0], r[1], Number(r[3])])).toEqual([
      [seedA.day(2), "Amazon Elastic Compute Cloud - Compute", 42],
      [seedA.day(2), "Amazon Simple Storage Service", 5],
      [seedA.day(1), "Amazon Elastic Compute Cloud - Compute", 41],
      [seedA.day(1), "Amazon Simple Storage Service", 5],
    ]);
    const [row] = (await files(a.tenant.id)).filter((f) => f.id === report.id);
    expect(row).toMatchObject({ status: "done", createdBy: a.actor.userId, kind: "costs" });
  });

  it("generates a metrics PDF of chosen instances", async () => {
    const res = await api.call(a.tenant.slug, "/reports", {
      key: write,
      method: "POST",
      body: { kind: "metrics", format: "pdf", title: "CPU via API", range: { preset: "24h" }, source: { by: "resources", resourceKind: "ec2_instance", resourceIds: ["i-0aaa", "i-0bbb"] } },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.status).toBe("done");
    const file = await api.call(a.tenant.slug, String(res.json.downloadUrl).replace("/api/v1", ""), { key: read });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(file.body.subarray(-6).toString("latin1")).toMatch(/%%EOF\s*$/);
    // The API serves exactly the file lib/reports stored (its content is the reports suite's subject).
    expect(file.body.equals(await readWhole(t.db, a.tenant.id, String(res.json.id)))).toBe(true);
    expect(file.body.length).toBe(res.json.sizeBytes);
    const text = pdfText(file.body);
    expect(text).toContain("CPU via API");
    expect(text).toContain("web-0");
    expect(text).toContain("web-1");
    expect(text).not.toContain("web-2");
  });

  it("queues a large report for a worker: queued → 409 on the file → the worker's run → done", async () => {
    const res = await queuing.call(a.tenant.slug, "/reports", { key: write, method: "POST", body: { kind: "costs", format: "csv", range: { preset: "30d" } } });
    expect(res.status).toBe(202);
    const report = parse("createReport", res.json);
    expect(report).toMatchObject({ status: "queued", progress: 0, downloadUrl: null, sizeBytes: 0 });
    const early = await queuing.call(a.tenant.slug, `/reports/${report.id}/file`, { key: read });
    expect(early.status).toBe(409);
    expect(early.json.error?.code).toBe("conflict");

    expect(await runQueuedFile(t.db, a.tenant.id, String(report.id))).toBe("done");
    const done = await queuing.call(a.tenant.slug, `/reports/${report.id}`, { key: read });
    expect(done.json).toMatchObject({ status: "done", progress: 100, downloadUrl: `/api/v1/reports/${report.id}/file` });
    const file = await queuing.call(a.tenant.slug, `/reports/${report.id}/file`, { key: read });
    expect(file.status).toBe(200);
    expect(parseCsv(file.body.toString("utf8")).filter((r) => r.length > 1)).toHaveLength(5);
  });

  it("answers 400 naming the field for bad requests, and stores nothing", async () => {
    const before = (await files(a.tenant.id)).length;
    const cases: [unknown, string][] = [
      [{ format: "csv" }, "kind"],
      [{ kind: "costs", format: "docx" }, "format"],
      [{ kind: "costs", format: "csv", range: { preset: "custom", from: "2026-01-02T00:00:00Z", to: "2026-01-01T00:00:00Z" } }, "range.to"],
      [{ kind: "costs", format: "csv", range: { preset: "custom", from: "yesterday", to: "2026-01-01T00:00:00Z" } }, "range.from"],
      [{ kind: "metrics", format: "pdf", source: { by: "resources", resourceKind: "ec2_instance", resourceIds: [] }, range: { preset: "24h" } }, "source.resourceIds"],
      // Valid in shape, but Monitr holds no metrics for it: the verb's own check.
      [{ kind: "metrics", format: "csv", source: { by: "resources", resourceKind: "ec2_instance", resourceIds: ["i-0nope"] }, range: { preset: "24h" } }, "source"],
      [{ kind: "chargeback", format: "pdf", month: "2026-13", owner: { by: "tag", key: "team", value: "data" } }, "month"],
    ];
    for (const [body, field] of cases) {
      const res = await api.call(a.tenant.slug, "/reports", { key: write, method: "POST", body });
      expect(res.status, `${JSON.stringify(body)}: ${JSON.stringify(res.json)}`).toBe(400);
      expect(res.json.error?.code).toBe("validation_failed");
      expect(Object.keys(res.json.error?.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    const notJson = await api.call(a.tenant.slug, "/reports", { key: write, method: "POST" });
    expect(notJson.status).toBe(400);
    expect((await files(a.tenant.id)).length).toBe(before);
  });

  it("answers 404 for another workspace's reports and for malformed ids", async () => {
    const [mine] = await files(a.tenant.id);
    for (const path of [`/reports/${mine.id}`, `/reports/${mine.id}/file`]) {
      const res = await api.call(b.tenant.slug, path, { key: bRead });
      expect(res.status, path).toBe(404);
      expect(res.json.error?.code).toBe("not_found");
    }
    expect((await api.call(a.tenant.slug, "/reports/12345", { key: read })).status).toBe(404);
    expect((await api.call(a.tenant.slug, "/reports/00000000-0000-4000-8000-000000000000/file", { key: read })).status).toBe(404);
  });
});
