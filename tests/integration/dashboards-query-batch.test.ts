import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { fetchChartData } from "@/components/dashboards/chart-data";
import { loadDashboardView, type MetricWidget } from "@/lib/dashboards";
import { withTenant } from "@/lib/db";
import { bucketCacheFor, upsertSeries, writePoints, type Point } from "@/lib/metrics";
import { createTenant } from "./aws-test-kit";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { seedInventory, startDashboardsServer } from "./dashboards-kit";

/*
 * POST /api/metrics/query: a dashboard's chart queries in one request. It must answer each query
 * exactly as GET does, through the finished-bucket cache, with one tenant's data only.
 */

const MIN = 60_000;
const DAY = 86_400_000;
const DAYS = 8;
const last = Math.floor(Date.now() / MIN) * MIN - MIN;
const first = last - DAYS * DAY;

let t: TestDatabase;
let server: Awaited<ReturnType<typeof startDashboardsServer>>;
let owner: TenantContext;
let token: string;
let cpuA: number;
let cpuB: number;
let netA: number;

type Series = { id: number; label: string; points: [number, number][] };
type Answer = { resolution: string; bucketSeconds: number; matched: number; asOf: string | null; series: Series[] };
type Batch = { results: (Answer | { error: { code: string; message: string } })[] };

const iso = (ms: number) => new Date(ms).toISOString();
const valueAt = (i: number, k: number) => Math.round((40 + 30 * Math.sin(i / (29 + k)) + ((i * 7919 + k) % 13)) * 100) / 100;
const get = async (params: Record<string, string>, as = token) => (await server.call(as, `/api/metrics/query?${new URLSearchParams(params)}`)).json as unknown as Answer;
const post = (body: unknown, as = token) => server.call(as, "/api/metrics/query", { method: "POST", body });

const month = { from: iso(last - 30 * DAY), to: iso(last + MIN) };
const week = { from: iso(last - 7 * DAY + 17 * MIN), to: iso(last + MIN) };
const day = { from: iso(last - DAY), to: iso(last + MIN) };

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startDashboardsServer();
  owner = await createTenant(t.db);
  token = server.login(owner);
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "web-1", tags: { team: "web" } }, { id: "i-0bbb", name: "db-1", tags: { team: "db" } }], new Date(first - DAY));
  const def = (id: string, metric: string) => ({ connectionId: connection.id, region: "us-east-1", resourceKind: "ec2_instance", resourceId: id, namespace: "AWS/EC2", metric, dimensions: { InstanceId: id }, stat: "Average", unit: "Percent", periodSeconds: 60 });
  [{ id: cpuA }, { id: cpuB }, { id: netA }] = await withTenant(
    owner.tenant.id,
    (tx) => upsertSeries(tx, owner.tenant.id, [def("i-0aaa", "CPUUtilization"), def("i-0bbb", "CPUUtilization"), def("i-0aaa", "NetworkIn")]),
    { db: t.db },
  );
  const points: Point[] = [];
  for (let i = 0; i <= DAYS * 1440; i++) for (const [k, id] of [cpuA, cpuB, netA].entries()) points.push({ seriesId: id, ts: new Date(first + i * MIN), value: valueAt(i, k) });
  for (let i = 0; i < points.length; i += 10_000) await withTenant(owner.tenant.id, (tx) => writePoints(tx, owner.tenant.id, points.slice(i, i + 10_000)), { db: t.db });
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe("POST /api/metrics/query", () => {
  const queries = () => [
    { seriesIds: `${cpuA}`, ...month, stat: "avg" },
    { seriesIds: `${cpuA}`, ...month, stat: "max", maxPoints: "200" },
    { seriesIds: `${cpuA},${netA}`, ...week, stat: "sum" },
    { seriesIds: `${cpuA},${cpuB}`, ...day, stat: "p95" },
    { resourceIds: "i-0aaa,i-0bbb", metric: "CPUUtilization", ...week, stat: "max", limit: "1" },
    { tag: "team:db", metric: "CPUUtilization", ...month },
  ];

  it("answers a dashboard's queries in one request exactly as one GET each, cold and warm", async () => {
    const separately = [];
    for (const q of queries()) separately.push(await get(q));
    const cache = bucketCacheFor(t.db);
    const hits = cache.stats.hits;
    for (let round = 0; round < 2; round++) {
      const r = await post({ queries: queries() });
      expect(r.status).toBe(200);
      expect((r.json as unknown as Batch).results).toEqual(separately);
    }
    // Answered from the cache's finished buckets (the API and the server-rendered page share it),
    // also when every series is chosen by id.
    expect(cache.stats.hits - hits).toBeGreaterThanOrEqual(2 * 5);
    const before = cache.stats.hits;
    await post({ queries: [queries()[0], queries()[2]] });
    expect(cache.stats.hits - before).toBe(3);
    // The answers are real: 30 days of hourly buckets, legends that name what differs.
    const [monthly, peak, network] = separately;
    expect(monthly).toMatchObject({ resolution: "1h", bucketSeconds: 3600, matched: 1 });
    expect(monthly.series[0].points.length).toBeGreaterThan(DAYS * 24 - 2);
    expect(peak.series[0].points.length).toBeLessThanOrEqual(200);
    expect(network.series.map((s) => s.label)).toEqual(["CPUUtilization", "NetworkIn"]);
    expect(separately[3].series.map((s) => s.label)).toEqual(["web-1", "db-1"]);
  });

  it("renders an instance dashboard's charts on the server exactly as the API answers them", async () => {
    const view = await loadDashboardView({ ctx: owner, ref: "ec2-instance.i-0aaa", from: new Date(month.from), to: new Date(month.to) });
    const charts = view.widgets.flatMap(({ widget, data }) => (widget.type === "metric" && data.kind === "metric" && data.initial ? [{ widget: widget as MetricWidget, data }] : []));
    expect(charts.map((c) => c.widget.id)).toEqual(["cpu", "cpu-peak", "network"]);
    for (const { widget, data } of charts) {
      const params: Record<string, string> = { seriesIds: data.series.map((s) => s.id).join(","), ...month, stat: widget.stat };
      if (widget.chart === "number") params.maxPoints = "200";
      expect(data.initial).toEqual(await get(params));
    }
  });

  it("takes lists as arrays and instants as epoch milliseconds", async () => {
    const body = { queries: [{ seriesIds: [cpuA, netA], from: last - 7 * DAY + 17 * MIN, to: last + MIN, stat: "sum" }] };
    const r = await post(body);
    expect(r.status).toBe(200);
    expect((r.json as unknown as Batch).results[0]).toEqual(await get({ seriesIds: `${cpuA},${netA}`, ...week, stat: "sum" }));
  });

  it("gives a refused query its own error and still answers the others", async () => {
    const r = await post({ queries: [{ seriesIds: `${cpuA}`, ...day }, { resourceIds: "i-0aaa", metric: "CPUUtilization", dashboard: "no-such.kind", ...day }] });
    expect(r.status).toBe(200);
    const [ok, refused] = (r.json as unknown as Batch).results;
    expect((ok as Answer).series[0].points.length).toBeGreaterThan(100);
    expect(refused).toEqual({ error: { code: "not_found", message: "No such dashboard." } });
  });

  it("answers an asOf query as known then, past the cache", async () => {
    const before = new Date();
    await new Promise((r) => setTimeout(r, 5));
    const ts = last - 3 * DAY; // long finished: its hour is cached by now
    await withTenant(owner.tenant.id, (tx) => writePoints(tx, owner.tenant.id, [{ seriesId: netA, ts: new Date(ts), value: 9999 }]), { db: t.db });
    const hour = Math.floor(ts / 3_600_000) * 3_600_000;
    const r = (await post({ queries: [{ seriesIds: `${netA}`, ...month, stat: "max", asOf: before.toISOString() }, { seriesIds: `${netA}`, ...month, stat: "max", asOf: new Date().toISOString() }] })).json as unknown as Batch;
    const [then, now] = r.results as Answer[];
    expect(then.asOf).toBe(before.toISOString());
    expect(then.series[0].points.find((p) => p[0] === hour)?.[1]).toBe(valueAtMax(hour, 2));
    expect(now.series[0].points.find((p) => p[0] === hour)?.[1]).toBe(9999);
  });

  it("shows a write inside the lateness window at once, though the range is cached", async () => {
    const q = { seriesIds: `${cpuB}`, ...week, stat: "max" };
    const before = ((await post({ queries: [q] })).json as unknown as Batch).results[0] as Answer;
    const ts = last - 15 * MIN;
    const bucket = Math.floor(ts / (before.bucketSeconds * 1000)) * before.bucketSeconds * 1000;
    expect(before.series[0].points.find((p) => p[0] === bucket)?.[1]).toBeLessThan(1000);
    await withTenant(owner.tenant.id, (tx) => writePoints(tx, owner.tenant.id, [{ seriesId: cpuB, ts: new Date(ts), value: 4321 }]), { db: t.db });
    const after = ((await post({ queries: [q] })).json as unknown as Batch).results[0] as Answer;
    expect(after.series[0].points.find((p) => p[0] === bucket)?.[1]).toBe(4321);
    expect(after).toEqual(await get(q));
  });

  it("never answers with another tenant's series, whatever the cache holds", async () => {
    await post({ queries: queries() });
    const other = await createTenant(t.db);
    const r = await post({ queries: [{ seriesIds: `${cpuA},${cpuB}`, ...month }, { resourceIds: "i-0aaa", metric: "CPUUtilization", ...month }] }, server.login(other));
    expect(r.status).toBe(200);
    for (const answer of (r.json as unknown as Batch).results) expect(answer).toMatchObject({ matched: 0, series: [] });
  });

  it("the browser's charts that ask together share one request, each with its own answer or error", async () => {
    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    // components/dashboards/chart-data.ts asks the page's origin; here that is the loopback server.
    globalThis.fetch = (async (url: string, init?: RequestInit) => {
      sent.push(`${init?.method ?? "GET"} ${url}`);
      const r = await server.call(token, url, { method: init?.method ?? "GET", raw: { contentType: "application/json", data: Buffer.from(String(init?.body ?? "")) } });
      return new Response(r.body.toString(), { status: r.status, headers: { "content-type": String(r.headers["content-type"]) } });
    }) as typeof fetch;
    try {
      const open = new AbortController();
      const closed = new AbortController();
      const asked = [
        fetchChartData({ seriesIds: `${cpuA}`, ...month, stat: "avg" }, open.signal),
        fetchChartData({ seriesIds: `${cpuA},${netA}`, ...week, stat: "sum" }, open.signal),
        fetchChartData({ resourceIds: "i-0aaa", metric: "CPUUtilization", dashboard: "no-such.kind", ...day }, open.signal),
        fetchChartData({ seriesIds: `${cpuB}`, ...day }, closed.signal),
      ];
      closed.abort();
      const [a, b, refused, gone] = await Promise.allSettled(asked);
      expect(sent).toEqual(["POST /api/metrics/query"]);
      expect(a).toEqual({ status: "fulfilled", value: await get({ seriesIds: `${cpuA}`, ...month, stat: "avg" }) });
      expect(b).toEqual({ status: "fulfilled", value: await get({ seriesIds: `${cpuA},${netA}`, ...week, stat: "sum" }) });
      expect(refused).toMatchObject({ status: "rejected", reason: { message: "No such dashboard." } });
      expect(gone).toMatchObject({ status: "rejected", reason: { name: "AbortError" } });
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it.each([
    ["queries", () => ({})],
    ["queries", () => ({ queries: [] })],
    ["queries", () => ({ queries: Array.from({ length: 51 }, () => ({ seriesIds: "1", ...day })) })],
    ["queries.1.stat", () => ({ queries: [{ seriesIds: "1", ...day }, { seriesIds: "1", ...day, stat: "median" }] })],
    ["queries.0.from", () => ({ queries: [{ seriesIds: "1", to: day.to }] })],
    ["queries.0.seriesIds", () => ({ queries: [{ seriesIds: "1,x", ...day }] })],
    ["queries.0.asOf", () => ({ queries: [{ seriesIds: "1", ...day, asOf: iso(Date.now() + DAY) }] })],
  ])("a bad body is a 400 naming %s", async (field, body) => {
    const r = await post(body());
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe("validation_failed");
    expect(Object.keys(r.json.error?.fields ?? {})).toContain(field);
  });

  it("a body that is not JSON is a 400", async () => {
    const r = await server.call(token, "/api/metrics/query", { method: "POST", raw: { contentType: "application/json", data: Buffer.from("{queries:") } });
    expect(r.status).toBe(400);
    expect(r.json.error?.code).toBe("invalid_json");
  });
});

/** The highest original value of series k (0: cpuA, 1: cpuB, 2: netA) in the hour starting at `hour`. */
function valueAtMax(hour: number, k: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let ms = hour; ms < hour + 3_600_000; ms += MIN) if (ms >= first && ms <= last) max = Math.max(max, valueAt((ms - first) / MIN, k));
  return max;
}
