import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { upsertSeries, writePoints, type Point } from "@/lib/metrics";
import { getReportFile, readWhole, requestReport, runQueuedFile, signedDownloadUrl, type ReportRequestInput, ReportRequest } from "@/lib/reports";
import { formatValue } from "@/lib/reports/pdf/chart-geometry";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant } from "./aws-test-kit";
import { addMember, seedInventory } from "./dashboards-kit";
import { inspectPdf, parseCsv, startReportsServer, testReportsConfig } from "./reports-kit";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// Two whole past days, so every preset and window below is fixed.
const end = Math.floor(Date.now() / DAY) * DAY - DAY;
const start = end - 2 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const isoSeconds = (ms: number) => iso(ms).replace(".000Z", "Z");

let t: TestDatabase;
let owner: TenantContext;
let viewer: TenantContext;
let stranger: TenantContext;
let server: Awaited<ReturnType<typeof startReportsServer>>;
let token: string;
const config = testReportsConfig();
/** series id → (ts → value), what the test wrote. */
const truth = new Map<number, Map<number, number>>();
const seriesMeta = new Map<number, { resource: string; metric: string; unit: string }>();

const valueAt = (i: number, k: number) => Math.round((40 + 30 * Math.sin(i / (29 + k)) + ((i * 7919 + k) % 13)) * 1000) / 1000;

/** A 1×1 PNG, built by hand (signature, IHDR, IDAT, IEND with CRCs). */
function tinyPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", zlib.deflateSync(Buffer.from([0, 79, 70, 229]))), chunk("IEND", Buffer.alloc(0))]);
}

async function generate(ctx: TenantContext, input: ReportRequestInput, cfg = config) {
  const { file, inline } = await requestReport({ ctx, input: ReportRequest.parse(input), config: cfg });
  return { file, inline, content: file.status === "done" ? await readWhole(t.db, ctx.tenant.id, file.id) : Buffer.alloc(0) };
}

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createTenant(t.db);
  viewer = await addMember(t.db, owner, "viewer");
  stranger = await createTenant(t.db);
  server = await startReportsServer(t.db, config);
  token = server.login(owner);
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "web-1", tags: { team: "web" } }, { id: "i-0bbb", name: "db-1", tags: { team: "db" } }], new Date(start - 10 * DAY));
  const def = (id: string, metric: string, unit: string) => ({ connectionId: connection.id, region: "us-east-1", resourceKind: "ec2_instance", resourceId: id, namespace: "AWS/EC2", metric, dimensions: { InstanceId: id }, stat: "Average", unit, periodSeconds: 60 });
  const rows = await withTenant(owner.tenant.id, (tx) => upsertSeries(tx, owner.tenant.id, [def("i-0aaa", "CPUUtilization", "Percent"), def("i-0bbb", "CPUUtilization", "Percent"), def("i-0aaa", "NetworkIn", "Bytes"), def("i-0bbb", "NetworkIn", "Bytes")]), { db: t.db });
  const points: Point[] = [];
  for (const [k, s] of rows.entries()) {
    const mine = new Map<number, number>();
    for (let ts = start, i = 0; ts < end; ts += MIN, i++) {
      const value = valueAt(i, k) * (s.metric === "NetworkIn" ? 1000 : 1);
      mine.set(ts, value);
      points.push({ seriesId: s.id, ts: new Date(ts), value });
    }
    truth.set(s.id, mine);
    seriesMeta.set(s.id, { resource: s.resourceId, metric: s.metric, unit: s.unit });
  }
  for (let i = 0; i < points.length; i += 5000) await withTenant(owner.tenant.id, (tx) => writePoints(tx, owner.tenant.id, points.slice(i, i + 5000)), { db: t.db });
  // Costs: two services and the team tag, per day; the last day is still an estimate.
  const cost = (day: number, kind: "service" | "tag", key: string, value: string, amount: string, estimated = false) => ({
    tenantId: owner.tenant.id, connectionId: connection.id, periodStart: iso(day).slice(0, 10), granularity: "DAILY" as const, groupKind: kind, groupKey: key, groupValue: value, metric: "UnblendedCost", amount, unit: "USD", estimated, recordedFrom: new Date(start - DAY),
  });
  await withTenant(owner.tenant.id, (tx) =>
    tx.insert(schema.costRecords).values([
      cost(start, "service", "SERVICE", "Amazon Elastic Compute Cloud - Compute", "12.3400"),
      cost(start, "service", "SERVICE", "Amazon Simple Storage Service", "1.0500"),
      cost(start + DAY, "service", "SERVICE", "Amazon Elastic Compute Cloud - Compute", "13.5000", true),
      cost(start + DAY, "service", "SERVICE", "Amazon Simple Storage Service", "1.1000", true),
      cost(start, "tag", "team", "web", "7.2500"),
      cost(start + DAY, "tag", "team", "web", "8.0000", true),
      cost(start, "tag", "team", "db", "5.0900"),
    ]),
  { db: t.db });
}, 300_000);

afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe("CSV exports", () => {
  const from = start + 6 * HOUR;
  const to = start + 30 * HOUR;
  const request: ReportRequestInput & { kind: "metrics" } = { kind: "metrics", format: "csv", range: { preset: "custom", from: iso(from), to: iso(to) }, source: { by: "resources", resourceKind: "ec2_instance", resourceIds: ["i-0aaa", "i-0bbb"] }, resolution: "raw" };

  it("has one row per stored point of a known window, exactly as stored, with ISO-8601 UTC timestamps", async () => {
    const { file, inline, content } = await generate(owner, request);
    expect(inline).toBe(true);
    expect(file).toMatchObject({ status: "done", progress: 100, format: "csv", createdByName: "Ada" });
    const [header, ...rows] = parseCsv(content.toString("utf8"));
    expect(header).toEqual(["timestamp", "resource", "metric", "statistic", "value", "unit"]);
    const expected: string[][] = [];
    // Grouped by resource, then metric, each in time order.
    const order = [...truth.keys()].sort((a, b) => seriesMeta.get(a)!.resource.localeCompare(seriesMeta.get(b)!.resource) || seriesMeta.get(a)!.metric.localeCompare(seriesMeta.get(b)!.metric));
    for (const id of order) {
      const meta = seriesMeta.get(id)!;
      for (const [ts, value] of [...truth.get(id)!.entries()].sort((a, b) => a[0] - b[0])) {
        if (ts >= from && ts < to) expected.push([isoSeconds(ts), meta.resource, meta.metric, "Average", String(value), meta.unit]);
      }
    }
    expect(rows.length).toBe(4 * 24 * 60);
    expect(rows).toEqual(expected);
  });

  it("aggregates to the chosen statistic and resolution", async () => {
    const { content } = await generate(owner, { ...request, resolution: "1h", stat: "max" });
    const rows = parseCsv(content.toString("utf8")).slice(1);
    expect(rows.length).toBe(4 * 24);
    const [id] = [...truth.keys()].sort((a, b) => a - b);
    const firstHour = [...truth.get(id)!.entries()].filter(([ts]) => ts >= from && ts < from + HOUR).map(([, v]) => v);
    expect(rows[0]).toEqual([isoSeconds(from), "i-0aaa", "CPUUtilization", "max", String(Math.max(...firstHour)), "Percent"]);
  });

  it("exports costs per day and service, and per tag value, as known", async () => {
    const { content } = await generate(owner, { kind: "costs", format: "csv", range: { preset: "custom", from: iso(start), to: iso(end) }, tagKey: "team" });
    expect(parseCsv(content.toString("utf8"))).toEqual([
      ["day", "service", "tag", "cost", "currency", "estimated"],
      [iso(start).slice(0, 10), "Amazon Elastic Compute Cloud - Compute", "", "12.3400", "USD", "false"],
      [iso(start).slice(0, 10), "Amazon Simple Storage Service", "", "1.0500", "USD", "false"],
      [iso(start).slice(0, 10), "", "team=db", "5.0900", "USD", "false"],
      [iso(start).slice(0, 10), "", "team=web", "7.2500", "USD", "false"],
      [iso(start + DAY).slice(0, 10), "Amazon Elastic Compute Cloud - Compute", "", "13.5000", "USD", "true"],
      [iso(start + DAY).slice(0, 10), "Amazon Simple Storage Service", "", "1.1000", "USD", "true"],
      [iso(start + DAY).slice(0, 10), "", "team=web", "8.0000", "USD", "true"],
    ]);
  });

  it("runs a large report as a job with progress, giving the same file", async () => {
    const small = testReportsConfig({ inlineMaxRows: 10 });
    const queued = await generate(owner, request, small);
    expect(queued).toMatchObject({ inline: false, file: { status: "queued", downloadUrl: null } });
    expect(await runQueuedFile(t.db, owner.tenant.id, queued.file.id)).toBe("done");
    expect(await runQueuedFile(t.db, owner.tenant.id, queued.file.id)).toBe("skipped");
    const done = await getReportFile({ ctx: owner, id: queued.file.id });
    expect(done).toMatchObject({ status: "done", progress: 100 });
    const inline = await generate(owner, request);
    expect((await readWhole(t.db, owner.tenant.id, done.id)).equals(inline.content)).toBe(true);
  });
});

describe("PDF reports", () => {
  it("has a title page, a summary, a vector chart per metric, costs and page numbers (Letter)", async () => {
    const { content } = await generate(owner, {
      kind: "metrics",
      format: "pdf",
      pageSize: "LETTER",
      title: "Weekly fleet review",
      range: { preset: "custom", from: iso(start), to: iso(end) },
      source: { by: "tag", resourceKind: "ec2_instance", key: "team", value: "web" },
      includeCosts: true,
    });
    expect(content.subarray(0, 5).toString()).toBe("%PDF-");
    const pdf = await inspectPdf(content);
    expect(pdf.pages).toBeGreaterThanOrEqual(4);
    expect(pdf.text).toContain("Weekly fleet review");
    expect(pdf.text).toContain("Acme");
    expect(pdf.text).toContain("Data as known at");
    expect(pdf.text).toContain(`Page 1 of ${pdf.pages}`);
    const summary = await pdf.pageText(2);
    expect(summary).toContain("Summary");
    expect(summary).toContain("web-1 (i-0aaa)");
    expect(summary.match(/web-1 \(i-0aaa\)/g)).toHaveLength(2);
    expect(summary).toContain("NetworkIn");
    expect(summary).not.toContain("db-1");
    // The summary's max of web-1's CPU is the max the test wrote.
    const cpu = [...seriesMeta.entries()].find(([, m]) => m.resource === "i-0aaa" && m.metric === "CPUUtilization")![0];
    expect(summary).toContain(formatValue(Math.max(...truth.get(cpu)!.values())));
    const charts = await pdf.pageText(3);
    expect(charts).toContain("Charts");
    expect(charts).toContain("CPUUtilization");
    expect(charts).toContain("NetworkIn");
    expect(await pdf.coloredPixels(3)).toBeGreaterThan(200);
    expect(pdf.pathOperators).toBeGreaterThan(500);
    expect(pdf.text).toContain("By service");
    expect(pdf.text).toContain("Month over month");
    expect(pdf.text).toContain("$27.99");
  });

  it("refuses a selection with no metrics and bad input, with field errors and no file", async () => {
    const before = (await server.call(token, "/api/reports")).json.files as unknown[];
    const none = await server.call(token, "/api/reports", { method: "POST", body: { kind: "metrics", format: "pdf", range: { preset: "7d" }, source: { by: "tag", key: "team", value: "nobody" } } });
    expect(none.status).toBe(400);
    expect(none.json.error?.fields).toHaveProperty("source");
    const bad = await server.call(token, "/api/reports", { method: "POST", body: { kind: "metrics", format: "docx", range: { preset: "custom", from: "yesterday" }, source: { by: "resources", resourceIds: [] } } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error?.fields ?? {})).toEqual(expect.arrayContaining(["format", "source.resourceKind"]));
    expect((await server.call(token, "/api/reports")).json.files).toHaveLength(before.length);
  });
});

describe("files over HTTP", () => {
  it("downloads a file as an attachment; viewers may generate; other tenants see nothing", async () => {
    const created = await server.call(server.login(viewer), "/api/reports", { method: "POST", body: { kind: "costs", format: "pdf", range: { preset: "custom", from: iso(start), to: iso(end) } } });
    expect(created.status).toBe(201);
    const file = created.json.file as { id: string; downloadUrl: string; createdByName: string };
    expect(file.createdByName).toBe("A viewer");
    const download = await server.call(token, file.downloadUrl);
    expect(download.status).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["content-disposition"]).toMatch(/^attachment; filename="cost-report-.*\.pdf"/);
    expect(download.body.subarray(0, 5).toString()).toBe("%PDF-");
    const list = (await server.call(token, "/api/reports")).json.files as { id: string; createdByName: string }[];
    expect(list.find((f) => f.id === file.id)?.createdByName).toBe("A viewer");
    const foreign = await server.call(server.login(stranger), file.downloadUrl);
    expect(foreign.status).toBe(404);
  });

  it("serves a signed link without a session until it expires; a tampered one is refused", async () => {
    const { file } = await generate(owner, { kind: "costs", format: "csv", range: { preset: "custom", from: iso(start), to: iso(end) } });
    const url = new URL(signedDownloadUrl({ origin: "http://acme.localhost", secret: config.linkSecret, tenantId: owner.tenant.id, fileId: file.id, expiresAt: new Date(Date.now() + HOUR) }));
    const headers = { "x-tenant-id": owner.tenant.id, authorization: "" };
    const ok = await server.call("", `${url.pathname}${url.search}`, { headers });
    expect(ok.status).toBe(200);
    expect(ok.body.toString()).toContain("day,service,tag,cost,currency,estimated");
    const tampered = await server.call("", `${url.pathname}${url.search.replace(/expires=\d+/, (m) => `expires=${Number(m.slice(8)) + 60}`)}`, { headers });
    expect(tampered.status).toBe(403);
    const expired = new URL(signedDownloadUrl({ origin: "http://acme.localhost", secret: config.linkSecret, tenantId: owner.tenant.id, fileId: file.id, expiresAt: new Date(Date.now() - 1000) }));
    expect((await server.call("", `${expired.pathname}${expired.search}`, { headers })).status).toBe(403);
    const otherTenant = await server.call("", `${url.pathname}${url.search}`, { headers: { "x-tenant-id": stranger.tenant.id, authorization: "" } });
    expect([401, 403]).toContain(otherTenant.status);
  });
});

describe("chargeback statements", () => {
  it("states a tag value's month with the logo, itemized by service and resource, and no budget", async () => {
    const upload = await server.call(token, "/api/reports/branding", { method: "POST", raw: { contentType: "multipart/form-data; boundary=XyZ", data: Buffer.concat([Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n'), tinyPng(), Buffer.from("\r\n--XyZ--\r\n")]) } });
    expect(upload.status).toBe(200);
    const month = iso(start).slice(0, 7);
    const { content } = await generate(owner, { kind: "chargeback", format: "pdf", month, owner: { by: "tag", key: "team", value: "web" } });
    const pdf = await inspectPdf(content);
    expect(pdf.text).toContain(`Chargeback statement ${month}`);
    expect(pdf.text).toContain("team = web");
    expect(pdf.text).toContain("Acme");
    expect(pdf.text).toContain("No budget");
    expect(pdf.text).toContain("web-1 (i-0aaa)");
    expect(pdf.text).toContain("Amazon Elastic Compute Cloud - Compute");
    expect(pdf.text).not.toContain("db-1");
    expect(content.includes(Buffer.from("/Subtype /Image"))).toBe(true);
  });

  it("states a team's allocated costs against its budget", async () => {
    const team = await withTenant(owner.tenant.id, async (tx) => {
      const [row] = await tx.insert(schema.teams).values({ tenantId: owner.tenant.id, name: "Web team" }).returning();
      await tx.insert(schema.allocationRules).values({ tenantId: owner.tenant.id, tagKey: "team", tagValue: "web", ownerKind: "team", ownerId: row.id });
      await tx.insert(schema.budgets).values({ tenantId: owner.tenant.id, scopeKind: "team", scopeId: row.id, monthlyLimit: "1000" });
      return row;
    }, { db: t.db });
    const month = iso(start).slice(0, 7);
    const { content } = await generate(owner, { kind: "chargeback", format: "csv", month, owner: { by: "owner", ownerKind: "team", ownerId: team.id } });
    const rows = parseCsv(content.toString());
    expect(rows[0]).toEqual(["month", "owner", "service", "resource", "detail", "amount", "currency"]);
    expect(rows.some((r) => r[1] === "Web team" && r[3] === "web-1 (i-0aaa)" && Number(r[5]) > 0)).toBe(true);
    const pdf = await inspectPdf((await generate(owner, { kind: "chargeback", format: "pdf", month, owner: { by: "owner", ownerKind: "team", ownerId: team.id } })).content);
    expect(pdf.text).toContain("Team Web team");
    expect(pdf.text).toContain("$1,000.00");
    expect(pdf.text).toMatch(/left|over/);
    // A member outside the team may not read its statement (lib/allocation answers as if it did not exist).
    const member = await addMember(t.db, owner, "member");
    await expect(requestReport({ ctx: member, input: ReportRequest.parse({ kind: "chargeback", format: "pdf", month, owner: { by: "owner", ownerKind: "team", ownerId: team.id } }), config })).rejects.toMatchObject({ status: 404 });
  });
});
