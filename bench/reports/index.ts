import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { signUp } from "@/lib/auth";
import type { TenantContext } from "@/lib/auth/guard";
import { createDb, schema, withTenant, type Db } from "@/lib/db";
import { ensurePartitions, upsertSeries, writePoints, type Point } from "@/lib/metrics";
import { readWhole, renderMetricsCsv, ReportRequest, requestReport, type ReportsConfig } from "@/lib/reports";
import type { Benchmark, Figure } from "../run";
import { benchDatabase } from "../lib/bench-database";

/*
 * Reports: wall time to a PDF of 40 charts (40 metrics × 4 instances, 7 days of 5-minute points,
 * about 20 pages) generated and stored the way a request or job does it; and CSV export
 * throughput in rows per second, streamed from the cursor to a counting sink and into the chunk
 * store (100 instances × 7 days × 1-minute points = 1.008 M rows).
 */
const DAY = 86_400_000;
const CHART_METRICS = 40;
const CHART_INSTANCES = 4;
const CSV_INSTANCES = 100;
const CSV_DAYS = 7;


async function tenant(db: Db): Promise<TenantContext> {
  const tag = crypto.randomBytes(4).toString("hex");
  const result = await signUp({ db, input: { name: "Bench", email: `bench-${tag}@acme.test`, password: "correct horse battery", company: "Bench Co", slug: `bench-${tag}`, plan: "free" } });
  const [row] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, result.tenantId));
  return { tenant: row, db, actor: { userId: result.userId, email: `bench-${tag}@acme.test`, name: "Bench", role: "owner" } };
}

async function seed(db: Db, ctx: TenantContext, end: number) {
  const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `i-${prefix}${String(i).padStart(6, "0")}`);
  const chartIds = ids(CHART_INSTANCES, "c");
  const csvIds = ids(CSV_INSTANCES, "v");
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [connection] = await tx.insert(schema.awsConnections).values({ tenantId: ctx.tenant.id, name: "Bench", awsAccountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/Bench", regions: ["us-east-1"], status: "healthy" }).returning();
      await tx.insert(schema.resources).values(
        [...chartIds, ...csvIds].map((id) => ({ tenantId: ctx.tenant.id, connectionId: connection.id, region: "us-east-1", kind: "ec2_instance" as const, resourceId: id, name: `node-${id.slice(-4)}`, state: "running", tags: {}, attributes: { instanceType: "m5.large" }, validFrom: new Date(end - 30 * DAY), recordedFrom: new Date(end - 30 * DAY) })),
      );
      const def = (id: string, metric: string, period: number) => ({ connectionId: connection.id, region: "us-east-1", resourceKind: "ec2_instance", resourceId: id, namespace: "Bench", metric, dimensions: { InstanceId: id }, stat: "Average", unit: "Percent", periodSeconds: period });
      const chartSeries = await upsertSeries(tx, ctx.tenant.id, chartIds.flatMap((id) => Array.from({ length: CHART_METRICS }, (_, m) => def(id, `metric_${String(m).padStart(2, "0")}`, 300))));
      const csvSeries = await upsertSeries(tx, ctx.tenant.id, csvIds.map((id) => def(id, "CPUUtilization", 60)));
      return { chartIds, csvIds, chartSeries: chartSeries.map((s) => s.id), csvSeries: csvSeries.map((s) => s.id) };
    },
    { db },
  );
}

const bigLimits = (): ReportsConfig => ({ linkSecret: crypto.randomBytes(32), retentionDays: 7, attachmentMaxBytes: 5 << 20, inlineMaxRows: 1e9, inlineMaxCharts: 1000 });

const run: Benchmark = async () => {
  const { url, cleanup } = await benchDatabase("reports");
  const db = createDb(url, { max: 6 });
  try {
    const ctx = await tenant(db);
    const end = Math.floor(Date.now() / DAY) * DAY;
    const start = end - CSV_DAYS * DAY;
    const s = await seed(db, ctx, end);
    // Chart series go through writePoints (it maintains the rollups charts read).
    const points: Point[] = [];
    for (const [k, id] of s.chartSeries.entries()) for (let ts = start, i = 0; ts < end; ts += 300_000, i++) points.push({ seriesId: id, ts: new Date(ts), value: 50 + 40 * Math.sin(i / (20 + (k % 17))) });
    for (let i = 0; i < points.length; i += 20_000) await withTenant(ctx.tenant.id, (tx) => writePoints(tx, ctx.tenant.id, points.slice(i, i + 20_000)), { db });
    await ensurePartitions(db, new Date(start), new Date(end));
    for (let day = start; day < end; day += DAY) {
      await db.execute(sql`insert into metric_points (tenant_id, series_id, ts, value)
        select ${ctx.tenant.id}::uuid, s.id, g.ts, round(((s.id * 37 + extract(epoch from g.ts)::bigint / 60) % 1000)::numeric / 10, 1)::float8
          from unnest(${sql.param(s.csvSeries)}::int8[]) s(id)
         cross join generate_series(${new Date(day).toISOString()}::timestamptz, ${new Date(day + DAY - 60_000).toISOString()}::timestamptz, interval '1 minute') g(ts)`);
    }
    await db.execute(sql`analyze`);
    const range = { preset: "custom", from: new Date(start).toISOString(), to: new Date(end).toISOString() };

    // PDF: 40 charts, generated and stored as a request does.
    const pdfRequest = ReportRequest.parse({ kind: "metrics", format: "pdf", range, source: { by: "resources", resourceKind: "ec2_instance", resourceIds: s.chartIds } });
    await requestReport({ ctx, input: pdfRequest, config: bigLimits() }); // warm-up (fonts, modules)
    const pdfTimes: number[] = [];
    let pdfBytes: Buffer = Buffer.alloc(0);
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const { file } = await requestReport({ ctx, input: pdfRequest, config: bigLimits() });
      pdfTimes.push(performance.now() - t0);
      pdfBytes = await readWhole(db, ctx.tenant.id, file.id);
    }
    const tmp = path.join(os.tmpdir(), `bench-report-${process.pid}.pdf`);
    fs.writeFileSync(tmp, pdfBytes);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [tmp]).toString())?.[1] ?? 0);
    fs.rmSync(tmp);

    // CSV: cursor → csv-stringify → counting sink, and → chunk store.
    const csvRequest = ReportRequest.parse({ kind: "metrics", format: "csv", range, source: { by: "resources", resourceKind: "ec2_instance", resourceIds: s.csvIds }, resolution: "raw" });
    if (csvRequest.kind !== "metrics") throw new Error("metrics");
    let rows = -1;
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _e, cb) {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) rows++;
        cb();
      },
    });
    const c0 = performance.now();
    await renderMetricsCsv({ ctx, request: csvRequest, window: { from: new Date(start), to: new Date(end), generatedAt: new Date() }, out: sink, progress: () => undefined });
    const streamMs = performance.now() - c0;
    const s0 = performance.now();
    const { file: stored } = await requestReport({ ctx, input: csvRequest, config: bigLimits() });
    const storeMs = performance.now() - s0;

    const median = [...pdfTimes].sort((a, b) => a - b)[1];
    const figures: Figure[] = [
      { figure: "PDF, 40 charts: time to file", value: median / 1000, unit: "s", note: `median of 3; target < 5 s; ${pages} pages, ${CHART_METRICS} charts × ${CHART_INSTANCES} lines, ${(pdfBytes.length / 1024).toFixed(0)} KB` },
      { figure: "PDF pages", value: pages, unit: "pages" },
      { figure: "CSV export, streamed", value: rows / (streamMs / 1000), unit: "rows/s", note: `${rows} rows, ${(bytes / 1024 / 1024).toFixed(0)} MB in ${(streamMs / 1000).toFixed(1)} s (cursor → csv-stringify → sink)` },
      { figure: "CSV export, stored as a file", value: rows / (storeMs / 1000), unit: "rows/s", note: `${(stored.sizeBytes / 1024 / 1024).toFixed(0)} MB into 1 MiB chunks in Postgres` },
    ];
    return { figures, notes: [`PDF: ${CHART_INSTANCES} instances × ${CHART_METRICS} metrics, 7 days of 5-minute points (${points.length} points); the summary table reads every raw point (p95).`, `CSV: ${CSV_INSTANCES} instances × ${CSV_DAYS} days × 1-minute points, raw resolution.`] };
  } finally {
    await db.$client.end();
    await cleanup();
  }
};

export default run;
