import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Db } from "@/lib/db";
import { UnauthorizedError } from "@/lib/http";
import { reportsApi, type ReportsConfig } from "@/lib/reports";
import { route, startLoopbackApi } from "./loopback-api-kit";

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

/** reportsApi (what app/api/reports calls) on a loopback server; a bearer token stands for a registered context. */
export function startReportsServer(db: Db, config: ReportsConfig) {
  return startLoopbackApi(
    [
      route("GET", /^\/api\/reports$/, (ctx) => reportsApi.list(ctx)),
      route("POST", /^\/api\/reports$/, (ctx, r) => reportsApi.create(ctx, r, config)),
      route("GET", /^\/api\/reports\/files\/([^/]+)$/, (ctx, r, id) => reportsApi.file(ctx, r, id)),
      route("GET", /^\/api\/reports\/files\/([^/]+)\/download$/, (ctx, r, id) => reportsApi.download(ctx, r, id)),
      route("GET", /^\/api\/reports\/schedules$/, (ctx) => reportsApi.schedules(ctx)),
      route("POST", /^\/api\/reports\/schedules$/, (ctx, r) => reportsApi.createSchedule(ctx, r)),
      route("PATCH", /^\/api\/reports\/schedules\/([^/]+)$/, (ctx, r, id) => reportsApi.updateSchedule(ctx, r, id)),
      route("DELETE", /^\/api\/reports\/schedules\/([^/]+)$/, (ctx, r, id) => reportsApi.deleteSchedule(ctx, r, id)),
      route("GET", /^\/api\/reports\/schedules\/([^/]+)\/runs$/, (ctx, r, id) => reportsApi.runs(ctx, r, id)),
      route("POST", /^\/api\/reports\/branding$/, (ctx, r) => reportsApi.uploadLogo(ctx, r)),
    ],
    {
      // Signed links carry no session: the tenant is named by a header standing in for the Host.
      async withoutSession(request, sessions) {
        const url = new URL(request.url);
        const signed = /^\/api\/reports\/files\/([^/]+)\/download$/.exec(url.pathname);
        if (!signed || !url.searchParams.has("signature")) return null;
        const tenant = [...sessions.values()].find((c) => c.tenant.id === request.headers.get("x-tenant-id"))?.tenant;
        if (!tenant) throw new UnauthorizedError();
        return reportsApi.signedDownload(tenant, db, request, decodeURIComponent(signed[1]), config);
      },
    },
  );
}
