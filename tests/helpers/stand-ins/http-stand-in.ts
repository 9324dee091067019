import http from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A loopback HTTP server that records what it receives and can be taken down (connections
 * refused) and brought back on the same port — a receiver that is "down for a while".
 */
export type Received = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type HttpStandIn = {
  url: string;
  port: number;
  received: Received[];
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

export async function startHttpStandIn(handle: (req: Received) => Reply): Promise<HttpStandIn> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const entry: Received = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers, body };
      const reply = handle(entry);
      if (reply.status < 400) received.push(entry);
      const payload = reply.body === undefined ? "" : typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status, { "content-type": typeof reply.body === "string" ? "text/plain" : "application/json", ...reply.headers });
      res.end(payload);
    });
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  await listen(0);
  const port = (server.address() as AddressInfo).port;
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  let isUp = true;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    async down() {
      if (!isUp) return;
      isUp = false;
      await stop();
    },
    async up() {
      if (isUp) return;
      await listen(port);
      isUp = true;
    },
    async close() {
      if (isUp) await stop();
      isUp = false;
    },
  };
}

/** Form-encoded or JSON bodies, as the Slack Web API accepts both. */
export function parseBody(entry: Received): Record<string, unknown> {
  const type = String(entry.headers["content-type"] ?? "");
  if (type.includes("application/json")) return JSON.parse(entry.body || "{}") as Record<string, unknown>;
  const params = new URLSearchParams(entry.body);
  // The client JSON-encodes structured arguments (blocks, attachments) inside the form.
  const structured = new Set(["blocks", "attachments", "metadata"]);
  return Object.fromEntries([...params.entries()].map(([k, v]) => [k, structured.has(k) ? (JSON.parse(v) as unknown) : v]));
}
