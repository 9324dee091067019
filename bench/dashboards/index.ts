import crypto from "node:crypto";
import os from "node:os";
import { eq } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { signUp } from "@/lib/auth";
import { createDb, schema, withTenant } from "@/lib/db";
import type { Benchmark, Figure } from "../run";
import { benchDatabase } from "../lib/bench-database";
import { DAYS, instanceId, loadMetricData } from "./load-data";
import { measureInstancePage, type PageTiming } from "./page-timing";
import { CONNECTIONS, dashboardQueries, dashboardRequest, measureQueryApi, percentile, widgetRequest } from "./query-load";

/*
 * 500 instances with 30 days of 1-minute data. The query API is driven in-process
 * (query-load.ts): a node:http server calls the same transport as app/api/metrics/query
 * (lib/dashboards/http-api.ts) with the tenant context the guard would build, so the figures
 * cover parsing, series lookup, queryMetricBuckets and JSON, but not next-auth's session check;
 * the same requests are then sent through `next start` with a signed-in session. The page is
 * measured end to end (next start + Chromium).
 *
 * For a quicker run while iterating: BENCH_INSTANCES=60 (the dashboards read the same 30 days per
 * chart; only the tables are smaller), BENCH_SKIP_PAGE=1 (no next build, Chromium or route figures).
 */
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 500);
const DASHBOARD_INSTANCES = Math.min(50, INSTANCES);
const SKIP_PAGE = process.env.BENCH_SKIP_PAGE === "1";
const DAY = 86_400_000;

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

    // The range is fixed now, as a link to "the last 30 days" is when the page is opened.
    const from = new Date(end - DAYS * DAY);
    const to = new Date(end);
    const ids = Array.from({ length: DASHBOARD_INSTANCES }, (_, n) => instanceId(n));
    const dashboards = await Promise.all(ids.map((id) => dashboardQueries(ctx, id, from, to)));
    const widgetsPerDashboard = dashboards[0].length;
    const query = await measureQueryApi({ db, databaseUrl: url, tenantId: tenant.id, userId: signed.userId, dashboards, log });

    let pageTiming: PageTiming | (PageTiming & { error: string }) | null = null;
    if (!SKIP_PAGE) {
      log("measuring the instance dashboard page in Chromium");
      // A broken build of the shared tree must not throw away the query figures measured above.
      pageTiming = await measureInstancePage({
        databaseUrl: url, slug, email, password, instanceIds: ids.slice(0, 10), charts: widgetsPerDashboard, log,
        api: { chart: dashboards.flat().map(widgetRequest), dashboard: dashboards.map(dashboardRequest) },
      }).catch((error: unknown) => {
        log(`page measurement failed: ${error instanceof Error ? error.message : String(error)}`);
        return { serverMs: [], drawnMs: [], domReadyMs: [], settledMs: [], fromDashboardMs: [], overviewMs: Number.NaN, fleetMs: Number.NaN, port: 0, api: {}, error: error instanceof Error ? error.message : String(error) };
      });
    }

    const route = (name: string, what: string): Figure[] => {
      const r = pageTiming?.api[name];
      return r ? [{ figure: `query API through next start, ${CONNECTIONS} concurrent, one request per ${what} (p95)`, value: r.p95, unit: "ms", note: `client-side latency incl. the proxy and next-auth's session check; p50 ${r.p50.toFixed(0)} ms, ${r.rps.toFixed(0)} req/s, ${r.non2xx} non-2xx` }] : [];
    };
    const figures: Figure[] = [
      { figure: "points loaded (1-minute, 30 days)", value: loaded.points / 1e6, unit: "M points", note: `${INSTANCES} instances × 5 metrics + ${DASHBOARD_INSTANCES} × 5 more; ${loaded.series.length} series` },
      { figure: "database size after load", value: Number(bytes) / 1e9, unit: "GB" },
      { figure: "load time (generate_series + rollups)", value: loadSeconds, unit: "s" },
      ...query.figures,
      ...route("chart", "chart"),
      ...route("dashboard", "dashboard"),
      ...(pageTiming
        ? [
            { figure: "instance dashboard page: server response (median)", value: percentile(pageTiming.serverMs, 50), unit: "ms", note: "next start, navigation timing request → last byte" },
            { figure: "instance dashboard page: server response (p95)", value: percentile(pageTiming.serverMs, 95), unit: "ms" },
            { figure: "instance dashboard page: all charts drawn (median)", value: percentile(pageTiming.drawnMs, 50), unit: "ms", note: `Chromium, ${widgetsPerDashboard} charts, 30-day range, opened from a blank tab; target < 1 500 ms` },
            { figure: "instance dashboard page: DOM content loaded (median)", value: percentile(pageTiming.domReadyMs, 50), unit: "ms", note: "HTML parsed, scripts not yet hydrated" },
            { figure: "instance dashboard page: all charts drawn (p95)", value: percentile(pageTiming.drawnMs, 95), unit: "ms" },
            { figure: "instance dashboard page: settled (median)", value: percentile(pageTiming.settledMs, 50), unit: "ms", note: "first idle moment of the main thread after drawing: hydration done, tooltips work" },
            { figure: "instance dashboard page: settled (p95)", value: percentile(pageTiming.settledMs, 95), unit: "ms" },
            { figure: "instance dashboard → next instance dashboard: charts drawn (median)", value: percentile(pageTiming.fromDashboardMs, 50), unit: "ms", note: "navigating on as soon as the previous dashboard drew, before it settled" },
            { figure: `overview page, ${INSTANCES} instances, 24 h: server response`, value: pageTiming.overviewMs, unit: "ms", note: "second visit" },
            { figure: `EC2 fleet page, ${INSTANCES} instances, 24 h: server response`, value: pageTiming.fleetMs, unit: "ms" },
          ]
        : []),
    ];
    return {
      figures,
      notes: [
        `Machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Postgres ${process.env.TEST_DATABASE_URL ? "from TEST_DATABASE_URL" : "embedded (shared_buffers 128MB, fsync off)"}.`,
        ...query.notes,
        "The page figures include everything (next start, a signed-in Chromium).",
        ...(SKIP_PAGE ? ["BENCH_SKIP_PAGE=1: page and next start figures not measured."] : []),
        `Load average during the run: ${os.loadavg().map((l) => l.toFixed(1)).join(" / ")} (1/5/15 min); other sessions share this machine.`,
        ...(pageTiming && "error" in pageTiming ? [`Page measurement failed: ${pageTiming.error}`] : []),
      ],
    };
  } finally {
    await db.$client.end();
    await cleanup();
  }
};

export default bench;
