import { Counter, Histogram, Registry } from "prom-client";

/*
 * One registry per process, kept on globalThis: Next may evaluate this module once per route
 * bundle, and two registries would each see only part of the traffic.
 */
export type Instruments = {
  registry: Registry;
  httpDuration: Histogram<"route" | "method" | "status">;
  jobDuration: Histogram<"queue" | "outcome">;
  jobFailures: Counter<"queue">;
};

const store = globalThis as unknown as { monitrMetrics?: Instruments };

export function instruments(): Instruments {
  if (store.monitrMetrics) return store.monitrMetrics;
  const registry = new Registry();
  store.monitrMetrics = {
    registry,
    httpDuration: new Histogram({
      name: "monitr_http_request_duration_seconds",
      help: "HTTP request duration by route template, method and status.",
      labelNames: ["route", "method", "status"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "monitr_job_duration_seconds",
      help: "Background job duration by queue and outcome (ok | failed).",
      labelNames: ["queue", "outcome"],
      buckets: [0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers: [registry],
    }),
    jobFailures: new Counter({
      name: "monitr_job_failures_total",
      help: "Background jobs that threw (pg-boss retries them per the queue's policy).",
      labelNames: ["queue"],
      registers: [registry],
    }),
  };
  return store.monitrMetrics;
}

const ID_SEGMENT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+|[0-9a-f]{16,}|mk_[\w-]+)$/i;

/** A route label without ids, so the series count stays bounded: /api/aws/connections/:id. */
export function routeLabel(pathname: string): string {
  const parts = pathname.split("/").map((part) => (ID_SEGMENT.test(part) ? ":id" : part));
  const label = parts.join("/") || "/";
  return label.length > 120 ? label.slice(0, 120) : label;
}
