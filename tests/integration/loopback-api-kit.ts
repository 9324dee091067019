import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { TenantContext } from "@/lib/auth/guard";
import { handler, UnauthorizedError } from "@/lib/http";

/*
 * A module's JSON transport (the same functions its app/api routes call) on a real loopback
 * server. Next's guard needs a Next request, so a test authenticates with a bearer token standing
 * for a context it registered with `login`; everything after the guard is the real code, with
 * lib/http's error mapping.
 */

export type LoopbackRoute = { method: string; pattern: RegExp; run: (ctx: TenantContext, request: Request, param: string) => Promise<Response> };

export const route = (method: string, pattern: RegExp, run: LoopbackRoute["run"]): LoopbackRoute => ({ method, pattern, run });

export type LoopbackResponse = {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  json: Record<string, unknown> & { error?: { code: string; message: string; fields?: Record<string, string> } };
};

export type CallInit = { method?: string; body?: unknown; raw?: { contentType: string; data: Buffer }; headers?: Record<string, string> };

/**
 * Serves `routes` (the first group of a pattern is passed on, URI-decoded). `withoutSession`
 * may answer a request before the bearer check (a signed download link carries no session).
 */
export async function startLoopbackApi(
  routes: LoopbackRoute[],
  options: { withoutSession?: (request: Request, sessions: ReadonlyMap<string, TenantContext>) => Promise<Response | null> } = {},
) {
  const sessions = new Map<string, TenantContext>();
  const serve = handler(async (request: Request) => {
    const early = await options.withoutSession?.(request, sessions);
    if (early) return early;
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
    /** JSON bodies by default, or raw bytes; `json` is parsed when the answer says it is JSON. */
    call(token: string, path: string, init: CallInit = {}): Promise<LoopbackResponse> {
      const payload = init.raw ? init.raw.data : init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
      const contentType = init.raw ? init.raw.contentType : "application/json";
      return new Promise((resolve, reject) => {
        const req = http.request(
          { host: "127.0.0.1", port, path, method: init.method ?? "GET", headers: { authorization: `Bearer ${token}`, ...(payload ? { "content-type": contentType, "content-length": payload.length } : {}), ...init.headers } },
          (res) => {
            const parts: Buffer[] = [];
            res.on("data", (c: Buffer) => parts.push(c));
            res.on("end", () => {
              const body = Buffer.concat(parts);
              const json = (res.headers["content-type"] ?? "").includes("json") ? (JSON.parse(body.toString() || "{}") as LoopbackResponse["json"]) : {};
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
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
