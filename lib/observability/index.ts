// Observability: Prometheus metrics (prom-client), request/job log context, secret scrubbing.
export { instruments, routeLabel, type Instruments } from "./prom-registry";
export { instrumentRequest, setRouteLabel } from "./instrument-request";
export { instrumentBoss } from "./instrument-jobs";
export { withLogContext, logContext, setLogTenant, requestIdFrom, type LogContext } from "./log-context";
export { scrub, scrubString } from "./scrub";
export { prometheusText, metricsAuthorized, startMetricsServer, type MetricsOptions } from "./prometheus";
export { registerStoreGauges, lagBucket, LAG_BUCKETS } from "./store-gauges";
export { checkReadiness, type Readiness, type Journal } from "./readiness";
