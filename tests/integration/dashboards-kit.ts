import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { TenantContext } from "@/lib/auth/guard";
import { dashboardsApi } from "@/lib/dashboards";
import { schema, withTenant, type Db } from "@/lib/db";
import { handler, UnauthorizedError } from "@/lib/http";
import type { Role } from "@/lib/tenants";

export type ApiResponse = { status: number; json: { error?: { code: string; message: string; fields?: Record<string, string> } } & Record<string, unknown> };

/*
 * The dashboards/metrics/resources/costs JSON transport (lib/dashboards/http-api.ts, the same
 * functions the app/api routes call) on a real loopback server. Next's guard needs a Next request,
 * so the test authenticates with a bearer token standing for a context it registered.
 */
export async function startDashboardsServer() {
  const sessions = new Map<string, TenantContext>();
  const routes: { method: string; pattern: RegExp; run: (ctx: TenantContext, request: Request, ref: string) => Promise<Response> }[] = [
    { method: "GET", pattern: /^\/api\/metrics\/query$/, run: (ctx, r) => dashboardsApi.metricsQuery(ctx, r) },
    { method: "GET", pattern: /^\/api\/metrics\/series$/, run: (ctx, r) => dashboardsApi.availableMetrics(ctx, r) },
    { method: "GET", pattern: /^\/api\/resources$/, run: (ctx, r) => dashboardsApi.resources(ctx, r) },
    { method: "GET", pattern: /^\/api\/costs$/, run: (ctx, r) => dashboardsApi.costs(ctx, r) },
    { method: "GET", pattern: /^\/api\/dashboards$/, run: (ctx) => dashboardsApi.list(ctx) },
    { method: "POST", pattern: /^\/api\/dashboards$/, run: (ctx, r) => dashboardsApi.create(ctx, r) },
    { method: "GET", pattern: /^\/api\/dashboards\/([^/]+)$/, run: (ctx, r, ref) => dashboardsApi.get(ctx, r, ref) },
    { method: "PUT", pattern: /^\/api\/dashboards\/([^/]+)$/, run: (ctx, r, ref) => dashboardsApi.save(ctx, r, ref) },
    { method: "DELETE", pattern: /^\/api\/dashboards\/([^/]+)$/, run: (ctx, r, ref) => dashboardsApi.remove(ctx, r, ref) },
    { method: "POST", pattern: /^\/api\/dashboards\/([^/]+)\/reset$/, run: (ctx, r, ref) => dashboardsApi.reset(ctx, r, ref) },
  ];
  const serve = handler(async (request: Request) => {
    const url = new URL(request.url);
    const ctx = sessions.get((request.headers.get("authorization") ?? "").replace(/^Bearer /, ""));
    if (!ctx) throw new UnauthorizedError();
    for (const route of routes) {
      const match = route.pattern.exec(url.pathname);
      if (match && route.method === request.method) return route.run(ctx, request, decodeURIComponent(match[1] ?? ""));
    }
    return new Response("not found", { status: 404 });
  });
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await serve(new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined }));
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    login(ctx: TenantContext): string {
      const token = crypto.randomBytes(12).toString("hex");
      sessions.set(token, ctx);
      return token;
    },
    call(token: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<ApiResponse> {
      const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port,
            path,
            method: init.method ?? "GET",
            headers: { authorization: `Bearer ${token}`, ...(payload ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) } : {}) },
          },
          (res) => {
            let text = "";
            res.on("data", (c) => (text += c));
            res.on("end", () => {
              let json: unknown = {};
              try {
                json = text ? JSON.parse(text) : {};
              } catch {
                json = { text };
              }
              resolve({ status: res.statusCode ?? 0, json: json as ApiResponse["json"] });
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

/** Another member of the same tenant with the given role (a real user and membership row). */
export async function addMember(db: Db, owner: TenantContext, role: Role): Promise<TenantContext> {
  const email = `${role}-${crypto.randomBytes(4).toString("hex")}@acme.test`;
  const [user] = await db.insert(schema.users).values({ email, name: `A ${role}`, passwordHash: "x" }).returning();
  await withTenant(owner.tenant.id, (tx) => tx.insert(schema.memberships).values({ tenantId: owner.tenant.id, userId: user.id, role }), { db });
  return { ...owner, actor: { userId: user.id, email, name: user.name, role } };
}

/** A connection and EC2 instances in the inventory, valid since `since`. */
export async function seedInventory(db: Db, ctx: TenantContext, instances: { id: string; name: string; state?: string; tags?: Record<string, string>; region?: string }[], since: Date) {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [connection] = await tx
        .insert(schema.awsConnections)
        .values({ tenantId: ctx.tenant.id, name: "Production", awsAccountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/M-${crypto.randomBytes(4).toString("hex")}`, regions: ["us-east-1"], status: "healthy" })
        .returning();
      await tx.insert(schema.resources).values(
        instances.map((i) => ({
          tenantId: ctx.tenant.id,
          connectionId: connection.id,
          region: i.region ?? "us-east-1",
          kind: "ec2_instance" as const,
          resourceId: i.id,
          name: i.name,
          state: i.state ?? "running",
          tags: i.tags ?? {},
          attributes: { instanceType: "m5.large", availabilityZone: "us-east-1a" },
          validFrom: since,
          recordedFrom: since,
        })),
      );
      return connection;
    },
    { db },
  );
}
