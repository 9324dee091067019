import crypto from "node:crypto";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { eq } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { signUp } from "@/lib/auth";
import { loadDashboardView, type MetricWidget } from "@/lib/dashboards";
import { createDb, schema, withTenant } from "@/lib/db";
import { databaseUrl } from "@/lib/db/embedded";
import { stopChild } from "../../scripts/runtime";
import type { Benchmark, Figure } from "../run";
import { DAYS, instanceId, loadMetricData } from "./load-data";
import { measureInstancePage } from "./page-timing";
import { benchDatabase } from "../lib/bench-database";

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

async function startQueryServer(env: Record<string, string>): Promise<{ port: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "query-server.ts")], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`query server exited with ${code}`)));
  });
  return { port, stop: () => stopChild(child) };
}

async function drive(port: number, paths: string[], seconds: number) {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ method: "GET", setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  return result;
}

const bench: Benchmark = async () => {
  const log = (m: string) => console.error(`[bench dashboards] ${m}`);
  const { url, cleanup } = await benchDatabase("dashboards");
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

    const queryServer = await startQueryServer({ DATABASE_URL: url, BENCH_TENANT_ID: tenant.id, BENCH_USER_ID: signed.userId });
    const port = queryServer.port;
    const get = async (p: string) => (await fetch(`http://127.0.0.1:${port}${p}`)).text();
    const sample = JSON.parse(await get(paths[0])) as { resolution: string; bucketSeconds: number; series: { points: unknown[] }[] };
    log(`widget query: ${sample.resolution}, ${sample.bucketSeconds} s buckets, ${sample.series[0]?.points.length} points`);
    const serverTimings = async () => JSON.parse(await get("/timings")) as number[];

    // Unloaded: one request at a time, each widget query of 20 dashboards.
    await serverTimings();
    for (const p of paths.slice(0, 20 * widgetsPerDashboard)) await get(p);
    const single = await serverTimings();

    await drive(port, paths, 5);
    await serverTimings(); // warm-up discarded
    const rollup = await drive(port, paths, 20);
    const rollupTimes = await serverTimings();
    log(`rollups: p95 ${percentile(rollupTimes, 95).toFixed(1)} ms over ${rollupTimes.length} requests`);
    // Without rollups: the same queries as known now read the raw points (asOf always does).
    const asOf = new Date().toISOString();
    const rawPaths = paths.map((p) => `${p}&asOf=${encodeURIComponent(asOf)}`);
    const rawSample = JSON.parse(await get(rawPaths[0])) as { resolution: string };
    await serverTimings();
    const raw = await drive(port, rawPaths, 15);
    const rawTimes = await serverTimings();
    log(`raw: p95 ${percentile(rawTimes, 95).toFixed(1)} ms over ${rawTimes.length} requests (${rawSample.resolution})`);

    // One whole dashboard as a browser loads it: its widget queries in parallel, nothing else running.
    const dashboardMs: number[] = [];
    for (const queries of perDashboard.slice(0, 20)) {
      const s = performance.now();
      await Promise.all(queries.map((p) => get(p)));
      dashboardMs.push(performance.now() - s);
    }
    await queryServer.stop();

    log("measuring the instance dashboard page in Chromium");
    // A broken build of the shared tree must not throw away the query figures measured above.
    const pageTiming = await measureInstancePage({ databaseUrl: url, slug, email, password, instanceIds: dashboards.slice(0, 10), charts: widgetsPerDashboard, log }).catch((error: unknown) => {
      log(`page measurement failed: ${error instanceof Error ? error.message : String(error)}`);
      return { serverMs: [], drawnMs: [], domReadyMs: [], overviewMs: Number.NaN, fleetMs: Number.NaN, port: 0, error: error instanceof Error ? error.message : String(error) };
    });

    const figures: Figure[] = [
      { figure: "points loaded (1-minute, 30 days)", value: loaded.points / 1e6, unit: "M points", note: `${INSTANCES} instances × 5 metrics + ${DASHBOARD_INSTANCES} × 5 more; ${loaded.series.length} series` },
      { figure: "database size after load", value: Number(bytes) / 1e9, unit: "GB" },
      { figure: "load time (generate_series + rollups)", value: loadSeconds, unit: "s" },
      { figure: "widget query, one at a time (p50)", value: percentile(single, 50), unit: "ms", note: `server time; ${sample.resolution} source, ${sample.bucketSeconds} s buckets, 30 days` },
      { figure: "widget query, one at a time (p95)", value: percentile(single, 95), unit: "ms" },
      { figure: `query API p95, ${CONNECTIONS} concurrent, 30-day ${widgetsPerDashboard}-widget instance dashboards`, value: percentile(rollupTimes, 95), unit: "ms", note: "server time incl. queueing for the pool; target < 100 ms" },
      { figure: "query API p50 (rollups, 50 concurrent)", value: percentile(rollupTimes, 50), unit: "ms" },
      { figure: "query API client p97.5 (autocannon, rollups)", value: rollup.latency.p97_5, unit: "ms" },
      { figure: "query API throughput (rollups)", value: rollup.requests.average, unit: "req/s", note: `${rollup.non2xx} non-2xx, ${rollup.errors} errors` },
      { figure: "query API p95, same queries on raw points", value: percentile(rawTimes, 95), unit: "ms", note: `${rawSample.resolution} source (asOf forces raw points)` },
      { figure: "raw / rollup p95 ratio", value: percentile(rawTimes, 95) / percentile(rollupTimes, 95), unit: "×" },
      { figure: "query API throughput (raw)", value: raw.requests.average, unit: "req/s" },
      { figure: "whole dashboard, widget queries in parallel, unloaded (median)", value: percentile(dashboardMs, 50), unit: "ms" },
      { figure: "instance dashboard page: server response (median)", value: percentile(pageTiming.serverMs, 50), unit: "ms", note: "next start, navigation timing request → last byte" },
      { figure: "instance dashboard page: server response (p95)", value: percentile(pageTiming.serverMs, 95), unit: "ms" },
      { figure: "instance dashboard page: all charts drawn (median)", value: percentile(pageTiming.drawnMs, 50), unit: "ms", note: `Chromium, ${widgetsPerDashboard} charts, 30-day range; target < 1 500 ms` },
      { figure: "instance dashboard page: DOM content loaded (median)", value: percentile(pageTiming.domReadyMs, 50), unit: "ms", note: "HTML parsed, scripts not yet hydrated" },
      { figure: "instance dashboard page: all charts drawn (p95)", value: percentile(pageTiming.drawnMs, 95), unit: "ms" },
      { figure: `overview page, ${INSTANCES} instances, 24 h: server response`, value: pageTiming.overviewMs, unit: "ms", note: "second visit" },
      { figure: `EC2 fleet page, ${INSTANCES} instances, 24 h: server response`, value: pageTiming.fleetMs, unit: "ms" },
    ];
    return {
      figures,
      notes: [
        `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Postgres ${process.env.TEST_DATABASE_URL ? "from TEST_DATABASE_URL" : "embedded (shared_buffers 128MB, fsync off)"}.`,
        "The query API runs in its own Node process (bench/dashboards/query-server.ts) behind node:http, calling the same transport as the Next route with the context the guard would build; next-auth's session check is not included. autocannon (50 connections) runs in the benchmark process on the same 2 cores, as does Postgres. The page figures include everything (next start, a signed-in Chromium).",
        "The raw baseline sends the same widget queries with asOf = now, which makes queryMetrics read raw 1-minute points (rollups carry no recorded time).",
        `Load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min); other sessions share this machine.`,
        ...("error" in pageTiming ? [`Page measurement failed: ${pageTiming.error}`] : []),
      ],
    };
  } finally {
    await db.$client.end();
    await cleanup();
  }
};

export default bench;
