import http from "node:http";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { collectDefaultMetrics, Registry } from "prom-client";
import type { Db } from "@/lib/db";
import { logger } from "@/lib/log";
import { instruments } from "./prom-registry";
import { registerStoreGauges } from "./store-gauges";

export type MetricsOptions = { db: Db; tenantLabels: boolean; token: string | null };

const setup = globalThis as unknown as { monitrDefaultMetrics?: boolean; monitrStoreGauges?: WeakMap<Db, Map<boolean, Registry>> };

/**
 * This process's instruments plus the store gauges for these options. The gauges are registered
 * once per (database, tenantLabels) and kept, so a scrape honours the options it is given (the
 * web app and the worker each pass their configuration) instead of whichever came first.
 */
function ready(options: MetricsOptions): Registry {
  const { registry } = instruments();
  if (!setup.monitrDefaultMetrics) {
    setup.monitrDefaultMetrics = true;
    collectDefaultMetrics({ register: registry, prefix: "monitr_" });
  }
  setup.monitrStoreGauges ??= new WeakMap();
  let byLabels = setup.monitrStoreGauges.get(options.db);
  if (!byLabels) setup.monitrStoreGauges.set(options.db, (byLabels = new Map()));
  let store = byLabels.get(options.tenantLabels);
  if (!store) {
    store = new Registry();
    registerStoreGauges(store, options);
    byLabels.set(options.tenantLabels, store);
  }
  return Registry.merge([registry, store]);
}

/** Constant-time comparison of a bearer token, when /metrics is protected by METRICS_TOKEN. */
export function metricsAuthorized(authorization: string | null, token: string | null): boolean {
  if (!token) return true;
  const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

/** The Prometheus exposition text of this process. */
export async function prometheusText(options: MetricsOptions): Promise<{ contentType: string; body: string }> {
  const registry = ready(options);
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/**
 * The worker's /metrics (WORKER_METRICS_PORT): job durations and failures live in the worker's
 * memory, so Prometheus scrapes each worker besides the web replicas.
 */
export async function startMetricsServer(port: number, options: MetricsOptions): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    if (!metricsAuthorized(req.headers.authorization ?? null, options.token)) {
      res.writeHead(401).end();
      return;
    }
    try {
      const { contentType, body } = await prometheusText(options);
      res.writeHead(200, { "Content-Type": contentType }).end(body);
    } catch (error) {
      logger.error({ err: error }, "metrics scrape failed");
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
