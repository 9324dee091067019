import crypto from "node:crypto";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import pg from "pg";
import { eq } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { signUp } from "@/lib/auth";
import { dashboardsApi, loadDashboardView, type MetricWidget } from "@/lib/dashboards";
import { createDb, schema, withTenant } from "@/lib/db";
import { databaseUrl, startEmbeddedPostgres, type EmbeddedCluster } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";
import { handler } from "@/lib/http";
import type { Benchmark, Figure } from "../run";
import { DAYS, instanceId, loadMetricData } from "./load-data";
import { measureInstancePage } from "./page-timing";

/*
 * 500 instances with 30 days of 1-minute data. The query API is driven in-process: a node:http
 * server calls the same transport function as app/api/metrics/query (lib/dashboards/http-api.ts)
 * with the tenant context the guard would build, so the figures cover parsing, series lookup,
 * queryMetrics and JSON, but not next-auth's session check. The page is measured end to end
 * (next start + Chromium).
 */
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 500);
const DASHBOARD_INSTANCES = Math.min(50, INSTANCES);
const CONNECTIONS = 50;
const DAY = 86_400_000;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : Number.NaN;
};

async function database(): Promise<{ url: string; cleanup(): Promise<void> }> {
  let cluster: EmbeddedCluster | undefined;
  const admin = process.env.TEST_DATABASE_URL ?? (cluster = await startEmbeddedPostgres({ dataDir: path.join(".data", `bench-dashboards-${process.pid}`), persistent: false })).adminUrl;
  const name = `monitr_bench_dash_${crypto.randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = databaseUrl(admin, name);
  await migrateDatabase(url);
  return {
    url,
    async cleanup() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await cluster?.stop();
    },
  };
}

/** The query URLs the browser sends for one instance dashboard (one per metric widget). */
async function widgetQueries(ctx: TenantContext, id: string, from: Date, to: Date): Promise<string[]> {
  const view = await loadDashboardView({ ctx, ref: `ec2-instance.${id}`, from, to });
  return view.widgets.flatMap(({ widget, data }) => {
    if (widget.type !== "metric" || data.kind !== "metric" || data.series.length === 0) return [];
    const w = widget as MetricWidget;
    const q = new URLSearchParams({ seriesIds: data.series.map((s) => s.id).join(","), from: from.toISOString(), to: to.toISOString(), stat: w.stat });
    if (w.chart === "number" || w.chart === "table") q.set("maxPoints", "200");
    return [`/api/metrics/query?${q}`];
  });
}

async function drive(port: number, paths: string[], seconds: number, timings: number[]) {
  timings.length = 0;
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  return { result, p50: percentile(timings, 50), p95: percentile(timings, 95), p99: percentile(timings, 99), n: timings.length };
}

const bench: Benchmark = async () => {
  const log = (m: string) => console.error(`[bench dashboards] ${m}`);
  const { url, cleanup } = await database();
  const db = createDb(url, { max: 60 });
  try {
    const password = "correct horse battery";
    const email = `bench-${crypto.randomBytes(3).toString("hex")}@bench.test`;
    const slug = `benchdash${crypto.randomBytes(2).toString("hex")}`;
    const signed = await signUp({ db, input: { name: "Bench", email, password, company: "Bench", slug, plan: "free" } });
    const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, signed.tenantId));
    const ctx: TenantContext = { tenant, db, actor: { userId: signed.userId, email, name: "Bench", role: "owner" } };
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    const connection = await withTenant(tenant.id, async (tx) => {
      const [c] = await tx.insert(schema.awsConnections).values({ tenantId: tenant.id, name: "Bench", awsAccountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/Bench", regions: ["us-east-1"], status: "healthy" }).returning();
      const since = new Date(end - (DAYS + 1) * DAY);
      await tx.insert(schema.resources).values(
        Array.from({ length: INSTANCES }, (_, n) => ({
          tenantId: tenant.id, connectionId: c.id, region: n % 2 ? "eu-west-1" : "us-east-1", kind: "ec2_instance" as const, resourceId: instanceId(n), name: `bench-${n}`, state: "running",
          tags: { team: `team-${n % 10}` }, attributes: { instanceType: "m5.large" }, validFrom: since, recordedFrom: since,
        })),
      );
      return c;
    }, { db });
    const t0 = performance.now();
    log(`loading ${INSTANCES} instances × ${DAYS} days of 1-minute data`);
    const loaded = await loadMetricData(db, { tenantId: tenant.id, connectionId: connection.id, instances: INSTANCES, dashboardInstances: DASHBOARD_INSTANCES, end, log });
    const loadSeconds = (performance.now() - t0) / 1000;
    const [{ bytes }] = (await db.execute<{ bytes: string }>(`select pg_database_size(current_database())::text as bytes`)).rows;
    log(`${loaded.points} points in ${loadSeconds.toFixed(0)} s`);

    const from = new Date(end - DAYS * DAY);
    const to = new Date(end);
    const dashboards = Array.from({ length: DASHBOARD_INSTANCES }, (_, n) => instanceId(n));
    const perDashboard = await Promise.all(dashboards.map((id) => widgetQueries(ctx, id, from, to)));
    const paths = perDashboard.flat();
    const widgetsPerDashboard = perDashboard[0].length;

    const timings: number[] = [];
    const serve = handler(async (request: Request) => dashboardsApi.metricsQuery(ctx, request));
    const server = http.createServer(async (req, res) => {
      const started = performance.now();
      const response = await serve(new Request(`http://127.0.0.1${req.url}`));
      const body = Buffer.from(await response.arrayBuffer());
      timings.push(performance.now() - started);
      res.writeHead(response.status, { "content-type": "application/json", "content-length": body.length });
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const sample = JSON.parse(await (await fetch(`http://127.0.0.1:${port}${paths[0]}`)).text()) as { resolution: string; bucketSeconds: number; series: { points: unknown[] }[] };
    log(`widget query: ${sample.resolution}, ${sample.bucketSeconds} s buckets, ${sample.series[0]?.points.length} points`);

    await drive(port, paths, 5, timings); // warm-up
    const rollup = await drive(port, paths, 20, timings);
    log(`rollups: p95 ${rollup.p95.toFixed(1)} ms over ${rollup.n} requests`);
    // Without rollups: the same queries as known now read the raw points (asOf always does).
    const asOf = new Date().toISOString();
    const rawPaths = paths.map((p) => `${p}&asOf=${encodeURIComponent(asOf)}`);
    const rawSample = JSON.parse(await (await fetch(`http://127.0.0.1:${port}${rawPaths[0]}`)).text()) as { resolution: string };
    const raw = await drive(port, rawPaths, 15, timings);
    log(`raw: p95 ${raw.p95.toFixed(1)} ms over ${raw.n} requests (${rawSample.resolution})`);

    // One whole dashboard as a browser loads it: its widget queries in parallel, nothing else running.
    const dashboardMs: number[] = [];
    for (const queries of perDashboard.slice(0, 20)) {
      const s = performance.now();
      await Promise.all(queries.map((p) => fetch(`http://127.0.0.1:${port}${p}`).then((r) => r.arrayBuffer())));
      dashboardMs.push(performance.now() - s);
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));

    log("measuring the instance dashboard page in Chromium");
    // A broken build of the shared tree must not throw away the query figures measured above.
    const pageTiming = await measureInstancePage({ databaseUrl: url, slug, email, password, instanceIds: dashboards.slice(0, 10), charts: widgetsPerDashboard, log }).catch((error: unknown) => {
      log(`page measurement failed: ${error instanceof Error ? error.message : String(error)}`);
      return { serverMs: [], drawnMs: [], port: 0, error: error instanceof Error ? error.message : String(error) };
    });

    const figures: Figure[] = [
      { figure: "points loaded (1-minute, 30 days)", value: loaded.points / 1e6, unit: "M points", note: `${INSTANCES} instances × 5 metrics + ${DASHBOARD_INSTANCES} × 5 more; ${loaded.series.length} series` },
      { figure: "database size after load", value: Number(bytes) / 1e9, unit: "GB" },
      { figure: "load time (generate_series + rollups)", value: loadSeconds, unit: "s" },
      { figure: `query API p95, ${CONNECTIONS} concurrent, 30-day ${widgetsPerDashboard}-widget instance dashboard`, value: rollup.p95, unit: "ms", note: `server time in-process; ${sample.resolution} source, ${sample.bucketSeconds} s buckets; target < 100 ms` },
      { figure: "query API p50 (rollups)", value: rollup.p50, unit: "ms" },
      { figure: "query API p99 (rollups)", value: rollup.p99, unit: "ms" },
      { figure: "query API throughput (rollups)", value: rollup.result.requests.average, unit: "req/s", note: `${rollup.result.non2xx} non-2xx, ${rollup.result.errors} errors` },
      { figure: "query API p95, same queries on raw points", value: raw.p95, unit: "ms", note: `${rawSample.resolution} source (asOf forces raw points)` },
      { figure: "raw / rollup p95 ratio", value: raw.p95 / rollup.p95, unit: "×" },
      { figure: "query API throughput (raw)", value: raw.result.requests.average, unit: "req/s" },
      { figure: "whole dashboard, widget queries in parallel, unloaded (median)", value: percentile(dashboardMs, 50), unit: "ms" },
      { figure: "instance dashboard page: server response (median)", value: percentile(pageTiming.serverMs, 50), unit: "ms", note: "next start, navigation timing request → last byte" },
      { figure: "instance dashboard page: server response (p95)", value: percentile(pageTiming.serverMs, 95), unit: "ms" },
      { figure: "instance dashboard page: all charts drawn (median)", value: percentile(pageTiming.drawnMs, 50), unit: "ms", note: `Chromium, ${widgetsPerDashboard} charts, 30-day range; target < 1 500 ms` },
      { figure: "instance dashboard page: all charts drawn (p95)", value: percentile(pageTiming.drawnMs, 95), unit: "ms" },
    ];
    return {
      figures,
      notes: [
        `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Postgres ${process.env.TEST_DATABASE_URL ? "from TEST_DATABASE_URL" : "embedded (shared_buffers 128MB, fsync off)"}.`,
        "The query API runs in-process behind node:http and autocannon (50 connections), calling the same transport as the Next route; next-auth's session check is not included. The page figures include it (next start, a signed-in Chromium).",
        "The raw baseline sends the same widget queries with asOf = now, which makes queryMetrics read raw 1-minute points (rollups carry no recorded time).",
        ...("error" in pageTiming ? [`Page measurement failed: ${pageTiming.error}`] : []),
      ],
    };
  } finally {
    await db.$client.end();
    await cleanup();
  }
};

export default bench;
