import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, withTenant } from "@/lib/db";
import { handler, NotFoundError } from "@/lib/http";
import { startWorker, type Worker } from "@/lib/jobs";
import { checkReadiness, lagBucket, prometheusText, startMetricsServer } from "@/lib/observability";
import { loadOpsConfig } from "@/lib/operator/ops-config";
import journal from "@/db/migrations/meta/_journal.json";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant } from "./aws-test-kit";

type Sample = { name: string; labels: Record<string, string>; value: number };

/** A strict reader of the Prometheus text format (0.0.4): every line is a comment or a sample. */
function parseExposition(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|[Nn]a[Nn]|\+Inf|-Inf))(?: \d+)?$/.exec(line);
    // Prometheus parses values with Go's ParseFloat, which reads NaN in any case (prom-client writes "Nan").
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return { samples, types };
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

let t: TestDatabase;
let worker: Worker | undefined;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await worker?.stop();
  await t?.drop();
});

async function tenantWithConnection(lastSyncMinutesAgo: number | null, status: "active" | "suspended" = "active") {
  const ctx = await createTenant(t.db);
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [c] = await tx
        .insert(schema.awsConnections)
        .values({ tenantId: ctx.tenant.id, name: "p", awsAccountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/${ctx.tenant.slug}`, regions: ["us-east-1"] })
        .returning();
      if (lastSyncMinutesAgo !== null) {
        const at = new Date(Date.now() - lastSyncMinutesAgo * 60_000);
        await tx.insert(schema.syncRuns).values({ tenantId: ctx.tenant.id, connectionId: c.id, region: "us-east-1", kind: "inventory", status: "succeeded", startedAt: at, finishedAt: at });
      }
    },
    { db: t.db },
  );
  if (status === "suspended") await t.db.update(schema.tenants).set({ status }).where(eq(schema.tenants.id, ctx.tenant.id));
  return ctx;
}

describe("/metrics", () => {
  it("is valid Prometheus text with HTTP latency by route, pool, queue, sync lag and outbox series, without tenant names", async () => {
    const fresh = await tenantWithConnection(5);
    await tenantWithConnection(120);
    await tenantWithConnection(null);
    const hidden = await tenantWithConnection(600, "suspended");
    const route = handler(async (request: Request) => {
      if (request.url.endsWith("/missing")) throw new NotFoundError();
      return Response.json({ ok: true });
    });
    await route(new Request("http://acme.localhost/api/aws/connections/6f1c2c1e-0d7e-4a59-9d55-3c3c7f7f0a11"));
    await route(new Request("http://acme.localhost/missing"));

    const { contentType, body } = await prometheusText({ db: t.db, tenantLabels: false, token: null });
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseExposition(body);
    expect(types.get("monitr_http_request_duration_seconds")).toBe("histogram");
    expect(find(samples, "monitr_http_request_duration_seconds_count", { route: "/api/aws/connections/:id", method: "GET", status: "200" })[0]?.value).toBe(1);
    expect(find(samples, "monitr_http_request_duration_seconds_count", { route: "/missing", status: "404" })[0]?.value).toBe(1);
    expect(find(samples, "monitr_db_pool_connections", { state: "total" })[0]?.value).toBeGreaterThanOrEqual(1);
    expect(find(samples, "monitr_db_pool_connections", { state: "waiting" })).toHaveLength(1);
    const lag = Object.fromEntries(find(samples, "monitr_sync_lag_tenants").map((s) => [s.labels.bucket, s.value]));
    expect(lag).toEqual({ under_10m: 1, "10m_to_1h": 0, "1h_to_6h": 1, over_6h: 0, never: 1 });
    expect(find(samples, "monitr_notification_outbox_backlog", { measure: "pending" })[0]?.value).toBe(0);
    expect(types.get("monitr_queue_jobs")).toBe("gauge");
    expect(types.get("monitr_job_duration_seconds")).toBe("histogram");
    expect(find(samples, "monitr_process_resident_memory_bytes")).toHaveLength(1);
    expect(body).not.toContain(fresh.tenant.slug);
    expect(body).not.toContain(hidden.tenant.slug);
  });

  it("the worker serves job durations and failures by queue, and queue depth, on its own port", async () => {
    worker = await startWorker({ databaseUrl: t.url, collectAws: false, metrics: { port: 0, token: "scrape-secret", tenantLabels: false } });
    await worker.boss.createQueue("ops-metrics-test");
    let runs = 0;
    await worker.boss.work("ops-metrics-test", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      runs++;
      if ((job?.data as { fail?: boolean }).fail) throw new Error("boom");
    });
    await worker.boss.send("ops-metrics-test", { fail: false });
    await worker.boss.send("ops-metrics-test", { fail: true }, { retryLimit: 0 });
    const deadline = Date.now() + 20_000;
    while (runs < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(runs).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    const port = worker.metricsPort;
    expect(port).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: "Bearer scrape-secret" } });
    expect(res.status).toBe(200);
    const { samples } = parseExposition(await res.text());
    expect(find(samples, "monitr_job_duration_seconds_count", { queue: "ops-metrics-test", outcome: "ok" })[0]?.value).toBe(1);
    expect(find(samples, "monitr_job_duration_seconds_count", { queue: "ops-metrics-test", outcome: "failed" })[0]?.value).toBe(1);
    expect(find(samples, "monitr_job_failures_total", { queue: "ops-metrics-test" })[0]?.value).toBe(1);
    expect(find(samples, "monitr_worker_heartbeat_age_seconds").length).toBeGreaterThanOrEqual(1);
  });

  it("names tenants (slug) in sync lag only with METRICS_TENANT_LABELS=true, and never their names", async () => {
    const recent = await tenantWithConnection(5);
    const stale = await tenantWithConnection(180);
    const never = await tenantWithConnection(null);
    const suspended = await tenantWithConnection(30, "suspended");
    const all = [recent, stale, never, suspended];
    for (const [n, ctx] of all.entries()) {
      await t.db.update(schema.tenants).set({ name: `Zephyr Widgets ${n} ${ctx.tenant.id.slice(0, 6)}` }).where(eq(schema.tenants.id, ctx.tenant.id));
    }
    const names = (await t.db.select({ name: schema.tenants.name }).from(schema.tenants).where(sql`name like 'Zephyr Widgets%'`)).map((r) => r.name);
    expect(names).toHaveLength(4);
    /** What a scrape of a process configured with this environment returns, over HTTP like Prometheus. */
    const scrape = async (env: Record<string, string>) => {
      const cfg = loadOpsConfig({ NODE_ENV: "test", ...env });
      const server = await startMetricsServer(0, { db: t.db, tenantLabels: cfg.metricsTenantLabels, token: cfg.metricsToken });
      try {
        const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
        expect(res.status).toBe(200);
        return await res.text();
      } finally {
        await server.close();
      }
    };

    for (const env of [{}, { METRICS_TENANT_LABELS: "false" }, { METRICS_TENANT_LABELS: "1" }] as Record<string, string>[]) {
      const body = await scrape(env);
      const { samples } = parseExposition(body);
      // Counts only: the lag buckets are there, no per-tenant series, no slug, no name.
      expect(find(samples, "monitr_sync_lag_tenants").length).toBeGreaterThan(0);
      expect(find(samples, "monitr_sync_lag_seconds")).toEqual([]);
      for (const ctx of all) expect(body, JSON.stringify(env)).not.toContain(ctx.tenant.slug);
      for (const name of names) expect(body).not.toContain(name);
    }

    const labelled = await scrape({ METRICS_TENANT_LABELS: "true" });
    const lag = find(parseExposition(labelled).samples, "monitr_sync_lag_seconds");
    const bySlug = Object.fromEntries(lag.map((s) => [s.labels.tenant, s.value]));
    expect(bySlug[recent.tenant.slug]).toBeGreaterThanOrEqual(5 * 60 - 5);
    expect(bySlug[recent.tenant.slug]).toBeLessThan(5 * 60 + 120);
    expect(bySlug[stale.tenant.slug]).toBeGreaterThanOrEqual(180 * 60 - 5);
    // Only active tenants with a successful sync have a lag; the label is the slug, never the name.
    expect(Object.keys(bySlug)).not.toContain(never.tenant.slug);
    expect(Object.keys(bySlug)).not.toContain(suspended.tenant.slug);
    for (const name of names) expect(labelled).not.toContain(name);

    // The setting is per process configuration, not whichever scrape came first in this process.
    expect((await prometheusText({ db: t.db, tenantLabels: false, token: null })).body).not.toContain(recent.tenant.slug);
    expect((await prometheusText({ db: t.db, tenantLabels: true, token: null })).body).toContain(`tenant="${recent.tenant.slug}"`);
  });

  it("buckets sync lag", () => {
    expect(lagBucket(null)).toBe("never");
    expect(lagBucket(599)).toBe("under_10m");
    expect(lagBucket(7 * 3600)).toBe("over_6h");
  });
});

describe("/api/ready", () => {
  it("is ready when migrations are applied and the queue is installed, and names pending migrations otherwise", async () => {
    const ok = await checkReadiness({ db: t.db, journal });
    expect(ok.checks.database.status).toBe("up");
    expect(ok.checks.migrations).toEqual({ status: "up", applied: journal.entries.length });
    expect(ok.checks.queue.status).toBe("up"); // the worker above installed pg-boss
    expect(ok.ready).toBe(true);
    const ahead = { entries: [...journal.entries, { idx: 999, version: "7", when: Date.now() + 86_400_000, tag: "9999_future", breakpoints: true }] };
    const notYet = await checkReadiness({ db: t.db, journal: ahead });
    expect(notYet.ready).toBe(false);
    expect(notYet.checks.migrations).toEqual({ status: "down", pending: ["9999_future"] });
    await t.db.execute(sql`select 1`);
  });
});
