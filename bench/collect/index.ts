import os from "node:os";
import type { TenantContext } from "@/lib/auth/guard";
import { signUp } from "@/lib/auth";
import { createConnection } from "@/lib/aws";
import { DEFAULT_AWS_CONFIG, type AwsConfig } from "@/lib/aws/config";
import { collectInventory, collectMetrics, runSync, type SyncResult } from "@/lib/collect";
import { createDb, schema, withTenant, type Db } from "@/lib/db";
import { listSeries, writePoints, type Point } from "@/lib/metrics";
import { eq } from "drizzle-orm";
import { startAwsSim, type AwsSim } from "../../sim/aws/index";
import type { Benchmark, Figure } from "../run";
import { simAwsConfig } from "../../tests/integration/aws-test-kit";
import { writePointsNaive } from "../lib/naive-writer";
import { benchDatabase } from "../lib/bench-database";

/*
 * One simulated account of 2 000 instances (8 AWS/EC2 template metrics each, plus the CWAgent and
 * Container Insights series the simulator publishes), both regions collected at once, as two
 * workers would. Measures GetMetricData packing, API calls per cycle, cycle wall time, and the
 * point write rate of writePoints against the one-INSERT-per-point writer on the same series.
 */
const INSTANCES = 2000;
const REGIONS = ["us-east-1", "eu-west-1"];
const WRITE_BATCH = Number(process.env.BENCH_WRITE_BATCH ?? 50_000);



async function cycle(db: Db, aws: AwsConfig, target: { tenantId: string; connectionId: string }) {
  const started = performance.now();
  const results = await Promise.all(REGIONS.map((region) => runSync({ db, aws }, { ...target, region, kind: "metrics" }, collectMetrics)));
  const ms = performance.now() - started;
  const sum = (f: (r: SyncResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const detail = (r: SyncResult, key: string) => (typeof r.details[key] === "number" ? (r.details[key] as number) : 0);
  return {
    ms,
    apiCalls: sum((r) => r.apiCalls),
    getMetricDataCalls: sum((r) => detail(r, "calls")),
    queries: sum((r) => detail(r, "queries")),
    points: sum((r) => detail(r, "points")),
    series: sum((r) => detail(r, "seriesFound")),
    perRegion: results.map((r) => detail(r, "seriesFound")),
  };
}

async function writeRate(db: Db, tenantId: string, seriesIds: number[], baseMs: number, writer: typeof writePoints, perSeries: number): Promise<number> {
  const points: Point[] = [];
  for (const seriesId of seriesIds) for (let i = 0; i < perSeries; i++) points.push({ seriesId, ts: new Date(baseMs + i * 60_000), value: Math.random() * 100 });
  const started = performance.now();
  for (let i = 0; i < points.length; i += WRITE_BATCH) await withTenant(tenantId, (tx) => writer(tx, tenantId, points.slice(i, i + WRITE_BATCH)), { db });
  return points.length / ((performance.now() - started) / 1000);
}

const bench: Benchmark = async () => {
  const { url, cleanup } = await benchDatabase("collect");
  const sim = await startAwsSim({ port: 0, scale: { instances: INSTANCES } });
  const db = createDb(url, { max: 12 });
  try {
    sim.setClock({ fixedTime: new Date(Date.parse(sim.scenario.anchor) + 50 * 60_000).toISOString() });
    // Production retry settings, not the test kit's fast ones.
    const aws = simAwsConfig(sim, { retry: DEFAULT_AWS_CONFIG.retry, requestTimeoutMs: DEFAULT_AWS_CONFIG.requestTimeoutMs });
    const signed = await signUp({ db, input: { name: "Bench", email: "bench@acme.test", password: "correct horse battery", company: "Bench", slug: "bench", plan: "free" } });
    const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, signed.tenantId));
    if (!tenant) throw new Error("no tenant");
    const ctx: TenantContext = { tenant, db, actor: { userId: signed.userId, email: "bench@acme.test", name: "Bench", role: "owner" } };
    const { roleArn } = sim.createRole({ roleName: "MonitrBench", externalId: tenant.externalId });
    const connection = await createConnection({ ctx, aws, input: { roleArn } });
    const target = { tenantId: tenant.id, connectionId: connection.id };
    for (const region of REGIONS) await runSync({ db, aws }, { ...target, region, kind: "inventory" }, collectInventory);

    const first = await cycle(db, aws, target);
    sim.setClock({ advanceMs: 60_000 });
    const steady = await cycle(db, aws, target);

    const series = await withTenant(tenant.id, (tx) => listSeries(tx, { connectionId: connection.id }), { db });
    const ids = series.map((s) => s.id);
    const base = Date.parse(sim.scenario.anchor) - 30 * 3_600_000;
    const batched = await writeRate(db, tenant.id, ids, base, writePoints, 20);
    const naive = await writeRate(db, tenant.id, ids.slice(0, 500), base - 24 * 3_600_000, writePointsNaive, 20);

    const figures: Figure[] = [
      { figure: "series collected", value: steady.series, unit: "series", note: `${INSTANCES} instances × 8 EC2 metrics + discovered CWAgent / Container Insights` },
      { figure: "metrics per GetMetricData call (first cycle)", value: first.queries / first.getMetricDataCalls, unit: "queries/call", note: "target ≥ 490; API maximum 500" },
      { figure: "metrics per GetMetricData call (steady cycle)", value: steady.queries / steady.getMetricDataCalls, unit: "queries/call", note: "target ≥ 490" },
      { figure: "API calls per 1-minute cycle", value: steady.apiCalls, unit: "calls", note: `${steady.getMetricDataCalls} GetMetricData; ListMetrics discovery cached ${aws.collect.discoveryTtlSeconds / 60} min` },
      { figure: "API calls, first cycle", value: first.apiCalls, unit: "calls", note: `incl. ListMetrics discovery and STS; ${first.points} points backfilled (${aws.collect.metricsBackfillHours} h)` },
      { figure: "metrics cycle wall time (steady)", value: steady.ms / 1000, unit: "s", note: "both regions, fetch + write; target < 10 s" },
      { figure: "metrics cycle wall time (first, 3 h backfill)", value: first.ms / 1000, unit: "s", note: "" },
      { figure: "writePoints rate", value: batched, unit: "points/s", note: "target ≥ 100 000" },
      { figure: "naive writer rate", value: naive, unit: "points/s", note: "one INSERT per point" },
      { figure: "writePoints vs naive", value: batched / naive, unit: "×", note: "target ≥ 20×" },
    ];
    const fewest = steady.perRegion.reduce((n, count) => n + Math.ceil(count / 500), 0);
    return {
      figures,
      notes: [
        `Series per region: ${REGIONS.map((r, i) => `${r} ${steady.perRegion[i]}`).join(", ")}; a GetMetricData call serves one region, so the fewest possible calls are ${fewest} (Σ ⌈n/500⌉), the packing reached ${steady.getMetricDataCalls}.`,
        `Write rates: ${WRITE_BATCH.toLocaleString("en-US")} points per writePoints transaction (20 one-minute points × every series); the naive writer on 500 series × 20 points.`,
        `${os.cpus().length} CPUs; simulator, Postgres and collector share the machine.`,
      ],
    };
  } finally {
    await db.$client.end();
    await sim.close();
    await cleanup();
  }
};

export default bench;
