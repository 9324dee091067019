// Collectors: AWS → inventory, metric store, costs. The worker's jobs (lib/jobs) call these.
export { runSync, type CollectDeps, type SyncKind, type SyncTarget, type SyncResult, type SyncOutcome, type SyncContext } from "./run-sync";
export { runInitialSync, GLOBAL_REGION } from "./initial-sync";
export { collectInventory } from "./inventory/collect-inventory";
export { collectMetrics } from "./metrics/collect-metrics";
export { collectCosts } from "./costs/collect-costs";
export { listResourcesAt, type ResourceVersion } from "./inventory/list-resources-at";
export { clearDiscoveryCache } from "./metrics/discover-metrics";
