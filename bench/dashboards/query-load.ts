import { spawn } from "node:child_process";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import type { TenantContext } from "@/lib/auth/guard";
import { loadDashboardView, type MetricWidget } from "@/lib/dashboards";
import { INITIAL_SUMMARY_POINTS } from "@/lib/dashboards/summary-points";
import { stopChild } from "../../scripts/runtime";
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { CpuMeter } from "../api/proc-cpu";
import type { Figure } from "../run";

/*
 * The query API under load: 50 connections sending the chart queries of 30-day instance
 * dashboards, as a dashboard asks for them (one POST with all its charts) and as single charts
 * (one GET each, the public shape). Server time is measured inside the query server, from the
 * request's arrival to its last body byte, so it includes queueing for the event loop and the pool.
 */
export const CONNECTIONS = 50;

export const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : Number.NaN;
};

export type ChartQuery = Record<string, string>;

/** The chart queries of one instance dashboard, with the parameters the browser sends (metric-widget.tsx). */
export async function dashboardQueries(ctx: TenantContext, id: string, from: Date, to: Date): Promise<ChartQuery[]> {
  const view = await loadDashboardView({ ctx, ref: `ec2-instance.${id}`, from, to });
  return view.widgets.flatMap(({ widget, data }) => {
    if (widget.type !== "metric" || data.kind !== "metric" || data.series.length === 0) return [];
    const w = widget as MetricWidget;
    const q: ChartQuery = { seriesIds: data.series.map((s) => s.id).join(","), from: from.toISOString(), to: to.toISOString(), stat: w.stat };
    if (w.limit) q.limit = String(w.limit);
    if (w.chart === "number" || w.chart === "table") q.maxPoints = String(INITIAL_SUMMARY_POINTS);
    return [q];
  });
}

export type ApiRequest = { method: "GET" | "POST"; path: string; body?: string };
export const widgetRequest = (q: ChartQuery): ApiRequest => ({ method: "GET", path: `/api/metrics/query?${new URLSearchParams(q)}` });
export const dashboardRequest = (queries: ChartQuery[]): ApiRequest => ({ method: "POST", path: "/api/metrics/query", body: JSON.stringify({ queries }) });

type QueryServer = { port: number; pid: number; send(r: ApiRequest): Promise<string>; timings(): Promise<number[]>; stop(): Promise<void> };

async function startQueryServer(env: Record<string, string>): Promise<QueryServer> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "query-server.ts")], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const m = /port (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`query server exited with ${code}`)));
  });
  const send = async (r: ApiRequest) =>
    (await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, ...(r.body ? { body: r.body, headers: { "content-type": "application/json" } } : {}) })).text();
  return { port, pid: child.pid!, send, timings: async () => JSON.parse(await send({ method: "GET", path: "/timings" })) as number[], stop: () => stopChild(child) };
}

/** `requests` round-robin over CONNECTIONS connections for `seconds`; each response's latency as the client saw it. */
export async function drive(target: { url: string; headers?: Record<string, string> }, requests: ApiRequest[], seconds: number): Promise<Result & { client: number[] }> {
  let next = 0;
  const client: number[] = [];
  const run = autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 120,
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[next++ % requests.length];
          return { ...req, method: r.method, path: r.path, headers: { ...target.headers, ...(r.body ? { "content-type": "application/json" } : {}) }, ...(r.body ? { body: r.body } : {}) };
        },
      },
    ],
  });
  run.on("response", (_client, _status, _bytes, ms) => client.push(ms));
  return { ...(await run), client };
}

/** Pids of this database's Postgres backends and the cluster's background processes. */
function postgresPids(db: Db): () => Promise<number[]> {
  return async () =>
    (await db.execute<{ pid: number }>(sql`select pid from pg_stat_activity where (datname = current_database() or backend_type <> 'client backend') and pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
}

/**
 * Server-side p95/p50 and throughput of one load phase (after a short warm-up whose timings are
 * dropped), and CPU milliseconds per request of the query server, Postgres and the load generator
 * (this process), from /proc: the part of the figures other work on the machine does not move.
 */
async function phase(server: QueryServer, db: Db, requests: ApiRequest[], seconds: number, warmup = 3) {
  const url = `http://127.0.0.1:${server.port}`;
  if (warmup) await drive({ url }, requests, warmup);
  await server.timings();
  const node = new CpuMeter(() => [server.pid]);
  const postgres = new CpuMeter(postgresPids(db));
  await node.start();
  await postgres.start();
  const load = process.cpuUsage();
  const result = await drive({ url }, requests, seconds);
  const loadUs = process.cpuUsage(load);
  const [nodeMs, pgMs] = [await node.stop(), await postgres.stop()];
  const times = await server.timings();
  const n = times.length || 1;
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    count: times.length,
    rps: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    cpu: { node: nodeMs / n, postgres: pgMs / n, load: (loadUs.user + loadUs.system) / 1000 / n },
  };
}

/** One request at a time: server times. */
async function oneByOne(server: QueryServer, requests: ApiRequest[]) {
  await server.timings();
  for (const r of requests) await server.send(r);
  return server.timings();
}

export async function measureQueryApi(args: { db: Db; databaseUrl: string; tenantId: string; userId: string; dashboards: ChartQuery[][]; seconds?: number; log: (m: string) => void }): Promise<{ figures: Figure[]; notes: string[] }> {
  const seconds = args.seconds ?? 20;
  const env = { DATABASE_URL: args.databaseUrl, BENCH_TENANT_ID: args.tenantId, BENCH_USER_ID: args.userId };
  const widgets = args.dashboards.flat().map(widgetRequest);
  const dashboards = args.dashboards.map(dashboardRequest);
  const perDashboard = args.dashboards[0].length;
  const sample = args.dashboards.slice(0, 20);

  const cached = await startQueryServer(env);
  let results;
  try {
    const first = JSON.parse(await cached.send(widgetRequest(args.dashboards[0][0]))) as { resolution: string; bucketSeconds: number; series: { points: unknown[] }[] };
    args.log(`widget query: ${first.resolution}, ${first.bucketSeconds} s buckets, ${first.series[0]?.points.length} points`);
    // Each dashboard once, one request at a time: the first read fills the cache, the second finds it warm.
    const cold = await oneByOne(cached, sample.map(dashboardRequest));
    const warm = await oneByOne(cached, sample.map(dashboardRequest));
    const single = await oneByOne(cached, sample.flat().map(widgetRequest));
    const batch = await phase(cached, args.db, dashboards, seconds);
    args.log(`dashboards (POST, cache): p95 ${batch.p95.toFixed(1)} ms, ${batch.rps.toFixed(0)} req/s`);
    const byWidget = await phase(cached, args.db, widgets, 15);
    args.log(`widgets (GET, cache): p95 ${byWidget.p95.toFixed(1)} ms, ${byWidget.rps.toFixed(0)} req/s`);
    // Without rollups: the same chart queries as known now read raw points (asOf always does, and bypasses the cache).
    const asOf = new Date().toISOString();
    const raw = await phase(cached, args.db, widgets.map((r) => ({ ...r, path: `${r.path}&asOf=${encodeURIComponent(asOf)}` })), 15, 0);
    args.log(`widgets (GET, raw points): p95 ${raw.p95.toFixed(1)} ms, ${raw.rps.toFixed(2)} req/s`);
    results = { first, cold, warm, single, batch, byWidget, raw };
  } finally {
    await cached.stop();
  }
  const uncached = await startQueryServer({ ...env, BENCH_CACHE: "off" });
  let noCache;
  try {
    const batch = await phase(uncached, args.db, dashboards, 15);
    args.log(`dashboards (POST, no cache): p95 ${batch.p95.toFixed(1)} ms, ${batch.rps.toFixed(0)} req/s`);
    const byWidget = await phase(uncached, args.db, widgets, 15);
    args.log(`widgets (GET, no cache): p95 ${byWidget.p95.toFixed(1)} ms, ${byWidget.rps.toFixed(0)} req/s`);
    noCache = { batch, byWidget };
  } finally {
    await uncached.stop();
  }

  const { first, cold, warm, single, batch, byWidget, raw } = results;
  type Phase = typeof batch;
  const cpu = (p: Phase, per = "request") => `CPU per ${per}: query server ${p.cpu.node.toFixed(2)} ms, Postgres ${p.cpu.postgres.toFixed(2)} ms, load generator ${p.cpu.load.toFixed(2)} ms`;
  const figures: Figure[] = [
    { figure: `query API p95, ${CONNECTIONS} concurrent, 30-day ${perDashboard}-widget instance dashboards, one request per chart`, value: byWidget.p95, unit: "ms", note: `server time incl. queueing; GET /api/metrics/query; target < 100 ms` },
    { figure: "  same, p50", value: byWidget.p50, unit: "ms" },
    { figure: "  same, throughput", value: byWidget.rps, unit: "req/s", note: `${cpu(byWidget)}; ${byWidget.non2xx} non-2xx, ${byWidget.errors} errors` },
    { figure: "  same without the finished-bucket cache (p95)", value: noCache.byWidget.p95, unit: "ms", note: `${noCache.byWidget.rps.toFixed(0)} req/s; ${cpu(noCache.byWidget)}` },
    { figure: "  same on raw points, no rollups (p95)", value: raw.p95, unit: "ms", note: `${raw.rps.toFixed(2)} req/s; asOf = now forces raw 1-minute points and bypasses the cache` },
    { figure: "raw / rollup p95 ratio", value: raw.p95 / byWidget.p95, unit: "×", note: "same run, same chart queries (rollups with the cache)" },
    { figure: "raw / rollup p95 ratio, without the cache", value: raw.p95 / noCache.byWidget.p95, unit: "×" },
    { figure: `query API p95, ${CONNECTIONS} concurrent, one request per dashboard`, value: batch.p95, unit: "ms", note: `POST /api/metrics/query with the ${perDashboard} chart queries: each request is ${perDashboard} charts' work` },
    { figure: "  same, p50", value: batch.p50, unit: "ms" },
    { figure: "  same, throughput", value: batch.rps, unit: "dashboards/s", note: `${(batch.rps * perDashboard).toFixed(0)} charts/s; ${cpu(batch, "dashboard")}; ${batch.non2xx} non-2xx, ${batch.errors} errors` },
    { figure: "  same without the finished-bucket cache (p95)", value: noCache.batch.p95, unit: "ms", note: `${noCache.batch.rps.toFixed(0)} dashboards/s; ${cpu(noCache.batch, "dashboard")}` },
    { figure: "whole dashboard, one request, unloaded, cache cold (median)", value: percentile(cold, 50), unit: "ms", note: "first read of each dashboard: 30 days of hourly rollups" },
    { figure: "whole dashboard, one request, unloaded, cache warm (median)", value: percentile(warm, 50), unit: "ms" },
    { figure: "chart query, one at a time, cache warm (p50)", value: percentile(single, 50), unit: "ms", note: `${first.resolution} source, ${first.bucketSeconds} s buckets, 30 days` },
    { figure: "chart query, one at a time, cache warm (p95)", value: percentile(single, 95), unit: "ms" },
  ];
  return {
    figures,
    notes: [
      "The query API runs in its own Node process (bench/dashboards/query-server.ts) behind node:http, calling the same transport as the Next route (GET and POST /api/metrics/query) with the context the guard would build; next-auth's session check is not included. autocannon (50 connections) runs in the benchmark process on the same 2 cores, as does Postgres.",
      "Finished-bucket cache: buckets ending more than an hour before their series' last point are kept in memory per (tenant, series, source, width, statistic); each request reads the rest (the last 1–2 hours) from Postgres. The no-cache figures run the same server with a cache that keeps nothing.",
      "The raw baseline sends the same chart queries with asOf = now, which makes queryMetrics read raw 1-minute points (rollups carry no recorded time) and skips the cache.",
    ],
  };
}
