import { spawn } from "node:child_process";
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { createApiKey } from "@/lib/api-keys";
import type { TenantContext } from "@/lib/auth/guard";
import { createDb, type Db } from "@/lib/db";
import { freePort } from "@/lib/db/embedded";
import { build, needsBuild, startNext, stopChild, waitForHttp } from "../../scripts/runtime";
import { benchDatabase } from "../lib/bench-database";
import type { Benchmark, Figure } from "../run";
import type { LoadConfig, LoadResult } from "./load-generator";
import { CLK_TCK, CpuMeter, machineTicks, withDescendants } from "./proc-cpu";
import { seedApiBenchTenant } from "./seed";

/*
 * The public API's two hot reads — GET /api/v1/resources and GET /api/v1/metrics/query — under
 * load, against one `next start` process and against two sharing one Postgres.
 *
 * On a small machine every process shares the same cores, so throughput alone says little about
 * scaling out: it is bounded by the cores whatever the number of web processes. The benchmark
 * therefore also measures where the CPU goes — milliseconds of CPU per request in the web
 * processes, in Postgres (its backends and background processes) and in the load generator (its
 * own process) — from /proc. If CPU per request stays the same with two processes and the machine
 * is saturated, nothing in the web tier serialises requests, and capacity grows with the cores
 * given to each tier: 1000 ÷ (CPU ms per request) requests per second per core.
 *
 * It serves the shared production build (.next), so take the e2e lock too:
 *   flock /tmp/monitr-bench.lock flock /tmp/monitr-e2e.lock npm run bench -- api
 */
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_API_SECONDS ?? 15);
const SLUG = "bench";
const HOST = `${SLUG}.localhost`;
const CORES = os.cpus().length;

type Run = LoadResult & { rps: number; webMs: number; pgMs: number; loadMs: number; busyMs: number; wallMs: number };

/** Pids of Postgres processes doing this benchmark's work: our database's backends and the cluster's background processes. */
function postgresPids(admin: pg.Client): () => Promise<number[]> {
  return async () => {
    const r = await admin.query<{ pid: number }>(
      "select pid from pg_stat_activity where (datname = current_database() or backend_type <> 'client backend') and pid <> pg_backend_pid()",
    );
    return r.rows.map((x) => x.pid);
  };
}

/** Spawns the load generator, waits until it is loaded, and returns a function that runs it once. */
async function loadGenerator(config: LoadConfig): Promise<{ pid: number; go(): Promise<LoadResult> }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "load-generator.ts"), JSON.stringify(config)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = readline.createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const next = async () => {
    const line = await lines.next();
    if (line.done) throw new Error("the load generator exited early");
    return line.value;
  };
  if ((await next()) !== "ready") throw new Error("the load generator did not start");
  return {
    pid: child.pid!,
    async go() {
      child.stdin!.write("go\n");
      const result = JSON.parse(await next()) as LoadResult;
      await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
      return result;
    },
  };
}

/** One measured run: load on `ports` (connections split evenly), CPU of each tier over the run. */
async function measure(ports: number[], webPids: number[], admin: pg.Client, paths: string[], keys: string[], seconds = DURATION): Promise<Run> {
  const per = Math.max(1, Math.floor(CONNECTIONS / ports.length));
  const generator = await loadGenerator({ targets: ports.map((port) => ({ port, connections: per })), host: HOST, paths, keys, seconds });
  const web = new CpuMeter(() => withDescendants(webPids));
  const postgres = new CpuMeter(postgresPids(admin));
  await Promise.all([web.start(), postgres.start()]);
  const machine = machineTicks();
  const wallStart = performance.now();
  const result = await generator.go();
  const wallMs = performance.now() - wallStart;
  const after = machineTicks();
  const [webMs, pgMs] = await Promise.all([web.stop(), postgres.stop()]);
  return {
    ...result,
    rps: result.ok / result.seconds,
    webMs: webMs / result.ok,
    pgMs: pgMs / result.ok,
    loadMs: result.cpuMs / result.ok,
    busyMs: ((after.busy - machine.busy) * 1000) / CLK_TCK,
    wallMs,
  };
}

const fixed = (n: number, digits = 2) => Number(n.toFixed(digits));

const bench: Benchmark = async () => {
  const db = await benchDatabase("api");
  const seedDb: Db = createDb(db.url, { max: 4 });
  const admin = new pg.Client({ connectionString: db.url });
  const ports = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: db.url,
    APP_DOMAIN: "localhost:3000",
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    APP_ENCRYPTION_KEY: `k1:${crypto.randomBytes(32).toString("base64url")}`,
    AUTH_TRUST_HOST: "true",
    API_RATE_LIMIT_PER_MINUTE: "100000000",
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const web: ReturnType<typeof startNext>[] = [];
  try {
    const { ctx, seriesIds, resources } = await seedApiBenchTenant(seedDb, SLUG);
    const keys: string[] = [];
    for (let i = 0; i < 4; i++) keys.push((await createApiKey({ ctx: ctx as TenantContext, input: { name: `bench-${i}`, scope: "read" } })).key);
    await seedDb.$client.end();
    await admin.connect();
    if (needsBuild()) await build(env);
    for (const port of ports) web.push(startNext(port, { ...env, PORT: String(port) }));
    for (const port of ports) await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000);
    const webPids = web.map((w) => w.pid!);

    const now = Date.now();
    const from = new Date(now - 6 * 3_600_000).toISOString();
    const to = new Date(now).toISOString();
    const metricPaths = Array.from({ length: 8 }, (_, i) => `/api/v1/metrics/query?series=${seriesIds.slice(i * 10, i * 10 + 10).join(",")}&from=${from}&to=${to}&stat=avg`);
    const resourcePaths = ["/api/v1/resources?limit=100", "/api/v1/resources?limit=100&kind=ec2_instance&state=running"];
    // Warm both processes (JIT, route compilation, pools).
    await measure(ports, webPids, admin, [...resourcePaths, ...metricPaths], keys, Math.min(DURATION, 8));

    const figures: Figure[] = [];
    const loadAtStart = os.loadavg()[0];
    const notes: string[] = [];
    for (const [name, paths] of [["resources", resourcePaths], ["metrics query", metricPaths]] as const) {
      const one = await measure([ports[0]], [webPids[0]], admin, paths, keys);
      const two = await measure(ports, webPids, admin, paths, keys);
      const runs = [
        ["1 web process", one],
        ["2 web processes", two],
      ] as const;
      for (const [label, r] of runs) {
        const ours = (r.webMs + r.pgMs + r.loadMs) * r.ok;
        const capacity = r.wallMs * CORES;
        figures.push(
          { figure: `${name}: throughput, ${label}`, value: r.rps, unit: "req/s", note: r.non2xx || r.errors ? `${r.non2xx} non-2xx, ${r.errors} errors` : "" },
          { figure: `${name}: p95, ${label}`, value: r.p95, unit: "ms", note: `p50 ${fixed(r.p50, 1)} ms` },
          { figure: `${name}: web CPU per request, ${label}`, value: r.webMs, unit: "ms" },
          { figure: `${name}: Postgres CPU per request, ${label}`, value: r.pgMs, unit: "ms" },
          { figure: `${name}: load generator CPU per request, ${label}`, value: r.loadMs, unit: "ms" },
          {
            figure: `${name}: machine CPU busy, ${label}`,
            value: (100 * r.busyMs) / capacity,
            unit: "%",
            note: `web + Postgres + load generator ${fixed((100 * ours) / capacity, 0)} %, other processes ${fixed((100 * Math.max(0, r.busyMs - ours)) / capacity, 0)} %`,
          },
        );
      }
      const webMs = (one.webMs + two.webMs) / 2;
      const pgMs = (one.pgMs + two.pgMs) / 2;
      figures.push(
        { figure: `${name}: scale-out (2 ÷ 1 throughput)`, value: two.rps / one.rps, unit: "×", note: "bounded by this machine's cores, see CPU" },
        { figure: `${name}: web CPU per request, 2 ÷ 1 processes`, value: two.webMs / one.webMs, unit: "×", note: "≈ 1: no contention between processes" },
        { figure: `${name}: capacity per web core`, value: 1000 / webMs, unit: "req/s", note: "1000 ÷ web CPU ms per request" },
        { figure: `${name}: capacity per Postgres core`, value: 1000 / pgMs, unit: "req/s", note: "1000 ÷ Postgres CPU ms per request" },
        {
          figure: `${name}: throughput if this machine ran nothing else`,
          value: (CORES * 1000) / (two.webMs + two.pgMs + two.loadMs),
          unit: "req/s",
          note: `${CORES} cores ÷ (web + Postgres + load generator) CPU per request; measured ${fixed(two.rps, 0)} req/s with ${fixed((100 * (two.webMs + two.pgMs + two.loadMs) * two.ok) / (two.wallMs * CORES), 0)} % of the CPU`,
        },
      );
      notes.push(
        `${name}: with web and Postgres on their own cores, each added web core adds ≈ ${fixed(1000 / webMs, 0)} req/s until Postgres's cores are busy (≈ ${fixed(1000 / pgMs, 0)} req/s per Postgres core); with two web processes, web CPU per request changed by ${fixed(((two.webMs - one.webMs) / one.webMs) * 100, 0)} % and Postgres CPU per request by ${fixed(((two.pgMs - one.pgMs) / one.pgMs) * 100, 0)} %.`,
      );
    }
    notes.unshift(
      `Load average when the runs started: ${loadAtStart.toFixed(2)} on ${CORES} cores${loadAtStart > 1.5 ? " — other work was running on this machine, so absolute figures are pessimistic (the \"other processes\" share above)" : ""}.`,
      `${resources} resources and ${seriesIds.length} CPU series with 24 h of 5-minute points in one workspace; metrics queries ask for 10 series × 6 h; resource lists 100 per page. The eight metrics queries repeat, as a polling client's would, so after the first of each the finished buckets come from each web process's cache and Postgres reads only the last hour of each series.`,
      `${CONNECTIONS} connections in total for ${DURATION} s per run (split evenly over the processes), keep-alive, 4 read keys, from autocannon in its own process; web processes are \`next start\` (production build) on one Postgres; p95 over every 2xx response.`,
      `The load keeps ${CONNECTIONS} requests in flight, so once the CPU is saturated latency is mostly queueing (≈ ${CONNECTIONS} ÷ throughput); p95 falls with more cores, not with more processes on the same cores.`,
      "CPU per request is read from /proc (utime + stime): the web processes and their children; Postgres's backends of this database and its background processes (WAL writer, checkpointer…); the load generator's own process. Everything shares this machine's cores, so throughput is bounded by them with one web process or two: a flat scale-out ratio with the machine saturated and CPU per request unchanged means nothing serialises requests, and the per-core capacities give the projection for separate hosts.",
    );
    return { figures, notes };
  } finally {
    await Promise.all(web.map((w) => stopChild(w)));
    await admin.end().catch(() => undefined);
    await seedDb.$client.end().catch(() => undefined);
    await db.cleanup();
  }
};

export default bench;
