import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { createDb, schema } from "@/lib/db";
import { handler } from "@/lib/http";
import { bucketCacheFor } from "@/lib/metrics";

/*
 * The query API in its own process (so the load generator does not share its event loop): the
 * transport of app/api/metrics/query (GET: one chart, POST: a dashboard's charts) with the
 * context the guard would build for BENCH_USER_ID in BENCH_TENANT_ID. Prints its port, then each
 * request's server time on /timings. BENCH_CACHE=off runs it without the finished-bucket cache
 * (a cache that keeps nothing), which is what the first view of a dashboard costs.
 */
const db = createDb(process.env.DATABASE_URL!, { max: 20 });
if (process.env.BENCH_CACHE === "off") bucketCacheFor(db, { maxBytes: 0 });
const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, process.env.BENCH_TENANT_ID!));
const ctx: TenantContext = { tenant, db, actor: { userId: process.env.BENCH_USER_ID!, email: "bench@bench.test", name: "Bench", role: "owner" } };
const one = handler(async (request: Request) => dashboardsApi.metricsQuery(ctx, request));
const batch = handler(async (request: Request) => dashboardsApi.metricsBatch(ctx, request));
let timings: number[] = [];
const server = http.createServer(async (req, res) => {
  if (req.url === "/timings") {
    const body = JSON.stringify(timings);
    timings = [];
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
    return;
  }
  const started = performance.now();
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = `http://127.0.0.1${req.url}`;
  const response =
    req.method === "POST"
      ? await batch(new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: Buffer.concat(chunks) }))
      : await one(new Request(url));
  const body = Buffer.from(await response.arrayBuffer());
  timings.push(performance.now() - started);
  res.writeHead(response.status, { "content-type": "application/json", "content-length": body.length });
  res.end(body);
});
server.listen(0, "127.0.0.1", () => console.log(`port ${(server.address() as AddressInfo).port}`));
