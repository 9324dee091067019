import http from "node:http";
import type { AddressInfo } from "node:net";
import { storeCosts } from "@/lib/collect/costs/store-costs";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Db } from "@/lib/db";
import { handler } from "@/lib/http";
import { upsertSeries, writePoints } from "@/lib/metrics";
import { buildOpenApiDocument, dispatchApiRequest, type Endpoint } from "@/lib/public-api";
import type { ReportsConfig } from "@/lib/reports";
import { testReportsConfig } from "./reports-kit";

export const APP_DOMAIN = "monitr.test";

export type ApiResponse = {
  status: number;
  headers: Headers;
  /** The raw body (files); `json` is its parse, or the text when it is not JSON. */
  body: Buffer;
  json: Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string> } };
};

/**
 * The /api/v1 transport on a real loopback server: the same dispatcher and error mapper as the
 * Next route (app/api/v1/[...path]/route.ts), with its configuration passed in.
 */
export async function startApiServer(options: { db: Db; rateLimitPerMinute?: number; endpoints?: readonly Endpoint[]; reports?: Partial<ReportsConfig> }) {
  const deps = { db: options.db, appDomain: APP_DOMAIN, rateLimitPerMinute: options.rateLimitPerMinute ?? 10_000, reports: testReportsConfig(options.reports) };
  const serve = handler(async (request: Request) => {
    const url = new URL(request.url);
    if (url.pathname === "/api/v1/openapi.json") return Response.json(buildOpenApiDocument({ serverUrl: `http://${request.headers.get("host")}/api/v1` }));
    const segments = url.pathname.replace(/^\/api\/v1\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
    return dispatchApiRequest(request, segments, deps, options.endpoints);
  });
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const body = chunks.length ? Buffer.concat(chunks) : undefined;
    const response = await serve(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body }));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    /** node:http, not fetch: fetch drops a caller's Host header, and the Host names the tenant. */
    call(slug: string, path: string, init: { key?: string; method?: string; body?: unknown } = {}) {
      const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
      return new Promise<ApiResponse>((resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            path: `/api/v1${path}`,
            method: init.method ?? "GET",
            headers: {
              host: `${slug}.${APP_DOMAIN}`,
              ...(init.key ? { authorization: `Bearer ${init.key}` } : {}),
              ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => {
              const body = Buffer.concat(chunks);
              const text = body.toString("utf8");
              let json: unknown = null;
              try {
                json = JSON.parse(text);
              } catch {
                json = text;
              }
              const headers = new Headers();
              for (const [k, v] of Object.entries(res.headers)) if (typeof v === "string") headers.set(k, v);
              resolve({ status: res.statusCode ?? 0, headers, body, json: json as ApiResponse["json"] });
            });
          },
        );
        req.on("error", reject);
        if (payload) req.write(payload);
        req.end();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const HOUR = 3_600_000;

/** A connection, three instances, CPU series with a day of points and two days of costs. */
export async function seedTenantData(db: Db, ctx: TenantContext, now = new Date()) {
  const tenantId = ctx.tenant.id;
  return withTenant(
    tenantId,
    async (tx) => {
      const [connection] = await tx
        .insert(schema.awsConnections)
        .values({ tenantId, name: "Production", awsAccountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/M-${tenantId.slice(0, 8)}`, regions: ["us-east-1"], status: "healthy" })
        .returning();
      const validFrom = new Date(now.getTime() - 48 * HOUR);
      const instances = ["i-0aaa", "i-0bbb", "i-0ccc"];
      await tx.insert(schema.resources).values(
        instances.map((id, n) => ({
          tenantId,
          connectionId: connection.id,
          region: "us-east-1",
          kind: "ec2_instance" as const,
          resourceId: id,
          name: `web-${n}`,
          state: n === 2 ? "stopped" : "running",
          tags: { team: n === 0 ? "platform" : "data" },
          validFrom,
          recordedFrom: validFrom,
        })),
      );
      const series = await upsertSeries(
        tx,
        tenantId,
        instances.map((id) => ({
          connectionId: connection.id,
          region: "us-east-1",
          resourceKind: "ec2_instance",
          resourceId: id,
          namespace: "AWS/EC2",
          metric: "CPUUtilization",
          dimensions: { InstanceId: id },
          stat: "Average",
          unit: "Percent",
          periodSeconds: 300,
        })),
      );
      const start = Math.floor((now.getTime() - 24 * HOUR) / 300_000) * 300_000;
      const points = series.flatMap((s, n) => Array.from({ length: 288 }, (_, i) => ({ seriesId: s.id, ts: new Date(start + i * 300_000), value: 10 + n * 30 + (i % 10) })));
      await writePoints(tx, tenantId, points);
      const day = (offset: number) => new Date(now.getTime() - offset * 24 * HOUR).toISOString().slice(0, 10);
      await storeCosts(tx, {
        tenantId,
        connectionId: connection.id,
        recordedAt: now,
        figures: [1, 2].flatMap((d) =>
          ["Amazon Elastic Compute Cloud - Compute", "Amazon Simple Storage Service"].map((service, n) => ({
            periodStart: day(d),
            granularity: "DAILY" as const,
            groupKind: "service" as const,
            groupKey: "SERVICE",
            groupValue: service,
            metric: "UnblendedCost",
            amount: String(n === 0 ? 40 + d : 5),
            unit: "USD",
            estimated: d === 1,
          })),
        ),
      });
      return { connectionId: connection.id, seriesIds: series.map((s) => s.id), instances, day };
    },
    { db },
  );
}
