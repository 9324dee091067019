import http from "node:http";
import type { AddressInfo } from "node:net";
import type { BillingConfig } from "@/lib/billing";

/*
 * A local stand-in for the parts of Stripe's API Monitr calls, spoken to by the real `stripe`
 * package through its host/port/protocol options: customers, Checkout sessions, Billing Portal
 * sessions. It checks the API key, honours Idempotency-Key like Stripe (same key → the first
 * response again), answers errors in Stripe's shape, and records every request for assertions.
 */

export type StandInRequest = { method: string; path: string; params: Record<string, string>; idempotencyKey: string | null };
type StripeObject = Record<string, unknown> & { id: string };

export type StripeStandIn = {
  url: string;
  secretKey: string;
  webhookSecret: string;
  proPrice: string;
  requests: StandInRequest[];
  customers: Map<string, StripeObject>;
  checkoutSessions: Map<string, StripeObject>;
  portalSessions: Map<string, StripeObject>;
  /** Monitr's billing config pointed at this stand-in. */
  config(over?: Partial<BillingConfig>): BillingConfig;
  /** The next `count` API calls answer this HTTP status (a Stripe outage). */
  failNext(count: number, status?: number): void;
  /** Delay every answer (to widen races in tests). */
  setLatency(ms: number): void;
  nextId(prefix: string): string;
  close(): Promise<void>;
};

function parseForm(body: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(body)) params[key] = value;
  return params;
}

/** `metadata[tenantId]=x` → { tenantId: "x" } */
function pick(params: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    if (key.startsWith(`${prefix}[`) && key.endsWith("]")) out[key.slice(prefix.length + 1, -1)] = value;
  }
  return out;
}

export async function startStripeStandIn(options: { proPrice?: string } = {}): Promise<StripeStandIn> {
  const secretKey = `sk_test_standin_${Math.random().toString(36).slice(2, 10)}`;
  const webhookSecret = `whsec_standin_${Math.random().toString(36).slice(2, 10)}`;
  const proPrice = options.proPrice ?? "price_monitr_pro_monthly";
  const requests: StandInRequest[] = [];
  const customers = new Map<string, StripeObject>();
  const checkoutSessions = new Map<string, StripeObject>();
  const portalSessions = new Map<string, StripeObject>();
  const idempotent = new Map<string, { status: number; body: unknown }>();
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  let latency = 0;
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36).padStart(4, "0")}`;
  let url = "";

  const error = (status: number, message: string, type = "invalid_request_error") => ({ status, body: { error: { type, message } } });

  function route(method: string, path: string, params: Record<string, string>): { status: number; body: unknown } {
    if (method === "POST" && path === "/v1/customers") {
      const customer = { id: nextId("cus"), object: "customer", name: params.name ?? null, email: params.email ?? null, metadata: pick(params, "metadata"), created: Math.floor(Date.now() / 1000) };
      customers.set(customer.id, customer);
      return { status: 200, body: customer };
    }
    const customerMatch = /^\/v1\/customers\/([^/]+)$/.exec(path);
    if (method === "GET" && customerMatch) {
      const customer = customers.get(customerMatch[1]!);
      return customer ? { status: 200, body: customer } : error(404, `No such customer: '${customerMatch[1]}'`);
    }
    if (method === "POST" && path === "/v1/checkout/sessions") {
      if (!params.customer || !customers.has(params.customer)) return error(400, `No such customer: '${params.customer ?? ""}'`);
      if (params["line_items[0][price]"] !== proPrice) return error(400, `No such price: '${params["line_items[0][price]"] ?? ""}'`);
      if (params.mode !== "subscription") return error(400, "This stand-in only sells subscriptions.");
      const id = nextId("cs_test");
      const session = {
        id,
        object: "checkout.session",
        mode: params.mode,
        customer: params.customer,
        client_reference_id: params.client_reference_id ?? null,
        metadata: pick(params, "metadata"),
        subscription_metadata: pick(params, "subscription_data[metadata]"),
        price: params["line_items[0][price]"],
        status: "open",
        payment_status: "unpaid",
        subscription: null,
        success_url: params.success_url,
        cancel_url: params.cancel_url,
        url: `${url}/c/pay/${id}`,
      };
      checkoutSessions.set(id, session);
      return { status: 200, body: session };
    }
    const sessionMatch = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
    if (method === "GET" && sessionMatch) {
      const session = checkoutSessions.get(sessionMatch[1]!);
      return session ? { status: 200, body: session } : error(404, `No such checkout.session: '${sessionMatch[1]}'`);
    }
    if (method === "POST" && path === "/v1/billing_portal/sessions") {
      if (!params.customer || !customers.has(params.customer)) return error(400, `No such customer: '${params.customer ?? ""}'`);
      const id = nextId("bps");
      const session = { id, object: "billing_portal.session", customer: params.customer, return_url: params.return_url ?? null, url: `${url}/p/session/${id}` };
      portalSessions.set(id, session);
      return { status: 200, body: session };
    }
    const subscriptionMatch = /^\/v1\/subscriptions\/([^/]+)$/.exec(path);
    if (method === "DELETE" && subscriptionMatch) {
      return { status: 200, body: { id: subscriptionMatch[1], object: "subscription", status: "canceled" } };
    }
    return error(404, `Unrecognized request URL (${method}: ${path}).`);
  }

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0]!;
      const params = req.method === "GET" ? parseForm((req.url ?? "").split("?")[1] ?? "") : parseForm(body);
      const idempotencyKey = typeof req.headers["idempotency-key"] === "string" ? req.headers["idempotency-key"] : null;
      requests.push({ method: req.method ?? "GET", path, params, idempotencyKey });
      let answer: { status: number; body: unknown };
      if (req.headers.authorization !== `Bearer ${secretKey}`) answer = error(401, "Invalid API Key provided.");
      else if (failures.count > 0) {
        failures.count--;
        answer = error(failures.status, "The stand-in is down.", "api_error");
      } else if (idempotencyKey && req.method === "POST" && idempotent.has(idempotencyKey)) answer = idempotent.get(idempotencyKey)!;
      else {
        answer = route(req.method ?? "GET", path, params);
        // Stripe stores the first result of a key (errors included, except 5xx) for 24 hours.
        if (idempotencyKey && req.method === "POST" && answer.status < 500) idempotent.set(idempotencyKey, answer);
      }
      setTimeout(() => {
        res.writeHead(answer.status, { "content-type": "application/json", "request-id": `req_${counter++}` });
        res.end(JSON.stringify(answer.body));
      }, latency);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  url = `http://127.0.0.1:${port}`;

  return {
    url,
    secretKey,
    webhookSecret,
    proPrice,
    requests,
    customers,
    checkoutSessions,
    portalSessions,
    config: (over = {}) => ({
      secretKey,
      webhookSecret,
      proPrices: [proPrice],
      apiBase: { host: "127.0.0.1", port, protocol: "http" },
      ...over,
    }),
    failNext(count, status = 500) {
      failures = { count, status };
    },
    setLatency(ms) {
      latency = ms;
    },
    nextId,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
