import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createApiKey } from "@/lib/api-keys";
import type { TenantContext } from "@/lib/auth/guard";
import { createDb, type Db } from "@/lib/db";
import { freePort } from "@/lib/db/embedded";
import { build, needsBuild, startNext, stopChild, waitForHttp } from "../../scripts/runtime";
import { seedApiBenchTenant } from "./seed";
import type { Benchmark, Figure } from "../run";
import { benchDatabase } from "../lib/bench-database";

/*
 * p95 latency and throughput of the public API's two hot reads — GET /api/v1/resources and
 * GET /api/v1/metrics/query — under load from autocannon, against one `next start` process and
 * against two sharing one Postgres (load split evenly), to show the web tier scales out.
 * Run it under the e2e lock, since it serves the shared production build:
 *   flock /tmp/monitr-e2e.lock npm run bench -- api
 */
const CONNECTIONS = Number(process.env.BENCH_API_CONNECTIONS ?? 32);
const DURATION = Number(process.env.BENCH_API_SECONDS ?? 15);
const SLUG = "bench";


type Run = { p95: number; p50: number; rps: number; non2xx: number };

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Load on every port at once, connections split evenly; p95 over all responses together. */
async function load(ports: number[], paths: string[], keys: string[]): Promise<Run> {
  const samples: number[] = [];
  let total = 0;
  let non2xx = 0;
  const perPort = Math.max(1, Math.floor(CONNECTIONS / ports.length));
  await Promise.all(
    ports.map(async (port, i) => {
      const run = autocannon({
        url: `http://127.0.0.1:${port}`,
        connections: perPort,
        duration: DURATION,
        // Keys rotate per port so the per-key rate-limit counter is not one hot row.
        headers: { host: `${SLUG}.localhost`, authorization: `Bearer ${keys[i % keys.length]}` },
        requests: paths.map((p) => ({ method: "GET", path: p })),
      });
      // autocannon emits (client, statusCode, bytes, responseTimeMs) per response; its own
      // histogram has p90 and p97.5 but no p95, so the samples are kept here.
      run.on?.("response", (...args: unknown[]) => {
        const [, status, , ms] = args;
        if (typeof status === "number" && typeof ms === "number" && status < 300) samples.push(ms);
      });
      const result = await run;
      total += result.requests.total;
      non2xx += result.non2xx;
    }),
  );
  samples.sort((a, b) => a - b);
  return { p95: percentile(samples, 95), p50: percentile(samples, 50), rps: total / DURATION, non2xx };
}

const bench: Benchmark = async () => {
  const db = await benchDatabase("api");
  const seedDb: Db = createDb(db.url, { max: 4 });
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
    if (needsBuild()) await build(env);
    for (const port of ports) web.push(startNext(port, { ...env, PORT: String(port) }));
    for (const port of ports) await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000);

    const now = Date.now();
    const from = new Date(now - 6 * 3_600_000).toISOString();
    const to = new Date(now).toISOString();
    const metricPaths = Array.from({ length: 8 }, (_, i) => `/api/v1/metrics/query?series=${seriesIds.slice(i * 10, i * 10 + 10).join(",")}&from=${from}&to=${to}&stat=avg`);
    const resourcePaths = ["/api/v1/resources?limit=100", "/api/v1/resources?limit=100&kind=ec2_instance&state=running"];
    // Warm both processes (JIT, route compilation, pools).
    await load(ports, [...resourcePaths, ...metricPaths], keys);

    const figures: Figure[] = [];
    const load1 = os.loadavg()[0];
    const notes: string[] = [
      `Load average when the runs started: ${load1.toFixed(2)} on ${os.cpus().length} cores${load1 > 1.5 ? " — other work was running on this machine, so absolute figures are pessimistic" : ""}.`,
      `${resources} resources and ${seriesIds.length} CPU series with 24 h of 5-minute points in one workspace; metrics queries ask for 10 series × 6 h; resource lists 100 per page.`,
      `${CONNECTIONS} connections in total for ${DURATION} s per run (split evenly over the processes), keep-alive, 4 read keys; web processes are \`next start\` (production build) on one Postgres; p95 over every 2xx response.`,
      "All processes share this machine's 2 cores with Postgres and the load generator, so two processes mainly show that nothing in the web tier serialises requests; on separate hosts throughput grows with replicas until Postgres is the limit.",
    ];
    for (const [name, paths] of [["resources", resourcePaths], ["metrics query", metricPaths]] as const) {
      const one = await load([ports[0]], paths, keys);
      const two = await load(ports, paths, keys);
      figures.push(
        { figure: `${name} p95, 1 web process`, value: one.p95, unit: "ms" },
        { figure: `${name} p95, 2 web processes`, value: two.p95, unit: "ms" },
        { figure: `${name} p50, 1 web process`, value: one.p50, unit: "ms" },
        { figure: `${name} p50, 2 web processes`, value: two.p50, unit: "ms" },
        { figure: `${name} throughput, 1 web process`, value: one.rps, unit: "req/s", note: one.non2xx ? `${one.non2xx} non-2xx` : "" },
        { figure: `${name} throughput, 2 web processes`, value: two.rps, unit: "req/s", note: two.non2xx ? `${two.non2xx} non-2xx` : "" },
        { figure: `${name} scale-out (2 ÷ 1 throughput)`, value: two.rps / one.rps, unit: "×" },
      );
    }
    return { figures, notes };
  } finally {
    await Promise.all(web.map((w) => stopChild(w)));
    await seedDb.$client.end().catch(() => undefined);
    await db.cleanup();
  }
};

export default bench;
