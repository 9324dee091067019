import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { TenantContext } from "@/lib/auth/guard";
import type { Db } from "@/lib/db";
import { handler, UnauthorizedError } from "@/lib/http";
import { reportsApi, type ReportsConfig } from "@/lib/reports";

const run = promisify(execFile);

/** Test config: a fixed link secret, small inline limits unless overridden. */
export function testReportsConfig(overrides: Partial<ReportsConfig> = {}): ReportsConfig {
  return { linkSecret: crypto.randomBytes(32), retentionDays: 7, attachmentMaxBytes: 5 * 1024 * 1024, inlineMaxRows: 100_000, inlineMaxCharts: 24, ...overrides };
}

/** RFC 4180 rows (quoted fields with commas/quotes/newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n") row.push(field), rows.push(row), (row = []), (field = "");
    else if (c !== "\r") field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

/** Writes the PDF to a temp file and gives poppler's view of it. */
export async function inspectPdf(pdf: Buffer): Promise<{ pages: number; text: string; pageText(n: number): Promise<string>; coloredPixels(page: number): Promise<number>; pathOperators: number; file: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "monitr-pdf-"));
  const file = path.join(dir, "report.pdf");
  await fs.writeFile(file, pdf);
  const info = (await run("pdfinfo", [file])).stdout;
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  const text = (await run("pdftotext", ["-layout", file, "-"], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  return {
    pages,
    text,
    file,
    pageText: async (n) => (await run("pdftotext", ["-layout", "-f", String(n), "-l", String(n), file, "-"])).stdout,
    /** Renders one page (PPM at 50 dpi) and counts clearly coloured pixels: chart lines, not black text or grey rules. */
    async coloredPixels(page) {
      const out = path.join(dir, `p${page}`);
      await run("pdftoppm", ["-r", "50", "-f", String(page), "-l", String(page), "-singlefile", file, out]);
      const ppm = await fs.readFile(`${out}.ppm`);
      // P6\n<w> <h>\n255\n<rgb…>
      const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString("latin1"));
      if (!header) throw new Error("not a PPM");
      const data = ppm.subarray(header[0].length);
      let colored = 0;
      for (let i = 0; i + 2 < data.length; i += 3) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        if (Math.max(r, g, b) - Math.min(r, g, b) > 40) colored++;
      }
      return colored;
    },
    pathOperators: countPathOperators(pdf),
  };
}

/** Line-to operators (`x y l`) in the PDF's content streams: vector lines, not an embedded picture. */
function countPathOperators(pdf: Buffer): number {
  let count = 0;
  let at = 0;
  for (;;) {
    const start = pdf.indexOf("stream", at, "latin1");
    if (start < 0) break;
    const bodyStart = pdf[start + 6] === 0x0d ? start + 8 : start + 7;
    const end = pdf.indexOf("endstream", bodyStart, "latin1");
    if (end < 0) break;
    try {
      const text = zlib.inflateSync(pdf.subarray(bodyStart, end)).toString("latin1");
      count += (text.match(/[\d.]+ [\d.]+ l\b/g) ?? []).length;
    } catch {
      // Not a deflated content stream (fonts, images).
    }
    at = end + 9;
  }
  return count;
}

export type ReportsResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; json: Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string> } } };

/** reportsApi (what app/api/reports calls) on a loopback server; a bearer token stands for a registered context. */
export async function startReportsServer(db: Db, config: ReportsConfig) {
  const sessions = new Map<string, TenantContext>();
  type Route = { method: string; pattern: RegExp; run: (ctx: TenantContext, request: Request, id: string) => Promise<Response> };
  const routes: Route[] = [
    { method: "GET", pattern: /^\/api\/reports$/, run: (ctx) => reportsApi.list(ctx) },
    { method: "POST", pattern: /^\/api\/reports$/, run: (ctx, r) => reportsApi.create(ctx, r, config) },
    { method: "GET", pattern: /^\/api\/reports\/files\/([^/]+)$/, run: (ctx, r, id) => reportsApi.file(ctx, r, id) },
    { method: "GET", pattern: /^\/api\/reports\/files\/([^/]+)\/download$/, run: (ctx, r, id) => reportsApi.download(ctx, r, id) },
    { method: "GET", pattern: /^\/api\/reports\/schedules$/, run: (ctx) => reportsApi.schedules(ctx) },
    { method: "POST", pattern: /^\/api\/reports\/schedules$/, run: (ctx, r) => reportsApi.createSchedule(ctx, r) },
    { method: "PATCH", pattern: /^\/api\/reports\/schedules\/([^/]+)$/, run: (ctx, r, id) => reportsApi.updateSchedule(ctx, r, id) },
    { method: "DELETE", pattern: /^\/api\/reports\/schedules\/([^/]+)$/, run: (ctx, r, id) => reportsApi.deleteSchedule(ctx, r, id) },
    { method: "GET", pattern: /^\/api\/reports\/schedules\/([^/]+)\/runs$/, run: (ctx, r, id) => reportsApi.runs(ctx, r, id) },
    { method: "POST", pattern: /^\/api\/reports\/branding$/, run: (ctx, r) => reportsApi.uploadLogo(ctx, r) },
  ];
  const serve = handler(async (request: Request) => {
    const url = new URL(request.url);
    // Signed links carry no session: the tenant is named by a header standing in for the Host.
    const signedMatch = /^\/api\/reports\/files\/([^/]+)\/download$/.exec(url.pathname);
    if (signedMatch && url.searchParams.has("signature")) {
      const tenant = [...sessions.values()].find((c) => c.tenant.id === request.headers.get("x-tenant-id"))?.tenant;
      if (!tenant) throw new UnauthorizedError();
      return reportsApi.signedDownload(tenant, db, request, signedMatch[1], config);
    }
    const ctx = sessions.get((request.headers.get("authorization") ?? "").replace(/^Bearer /, ""));
    if (!ctx) throw new UnauthorizedError();
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (match && route.method === request.method) return route.run(ctx, request, decodeURIComponent(match[1] ?? ""));
    }
    return new Response("not found", { status: 404 });
  });
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await serve(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    login(ctx: TenantContext): string {
      const token = crypto.randomBytes(12).toString("hex");
      sessions.set(token, ctx);
      return token;
    },
    call(token: string, pathname: string, init: { method?: string; body?: unknown; raw?: { contentType: string; data: Buffer }; headers?: Record<string, string> } = {}): Promise<ReportsResponse> {
      const payload = init.raw ? init.raw.data : init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
      const contentType = init.raw ? init.raw.contentType : "application/json";
      return new Promise((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port, path: pathname, method: init.method ?? "GET", headers: { authorization: `Bearer ${token}`, ...(payload ? { "content-type": contentType, "content-length": payload.length } : {}), ...init.headers } },
          (res) => {
            const parts: Buffer[] = [];
            res.on("data", (c: Buffer) => parts.push(c));
            res.on("end", () => {
              const body = Buffer.concat(parts);
              let json: ReportsResponse["json"] = {};
              if ((res.headers["content-type"] ?? "").includes("json")) json = JSON.parse(body.toString() || "{}") as ReportsResponse["json"];
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
            });
          },
        );
        req.on("error", reject);
        if (payload) req.write(payload);
        req.end();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
