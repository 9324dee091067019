// The AWS module's public surface: connection verbs for the UI, and what the collectors share.
export { loadAwsConfig, awsNow, DEFAULT_AWS_CONFIG, type AwsConfig, type AwsService, type StaticCredentials } from "./config";
export { getExternalId } from "./external-id";
export { cloudFormationTemplate, quickCreateUrl, READ_ONLY_ACTIONS, STACK_NAME } from "./cloudformation";
export { testConnection, type TestConnectionResult } from "./test-connection";
export { retestConnection, type RetestResult } from "./retest-connection";
export { createConnection, AWS_SYNC_CHANNEL } from "./create-connection";
export { updateConnection, disconnectConnection } from "./update-connection";
export { collectionCost, AWS_API_PRICES_USD, type CollectionCost } from "./collection-cost";
export {
  listConnections,
  getConnection,
  listSyncRuns,
  getSyncProgress,
  listInventoryTagKeys,
  type Connection,
  type SyncRun,
  type SyncProgress,
} from "./connection-queries";
export { SYNC_KINDS } from "@/db/tables/aws";
export { listResourcesAt, type ResourceVersion } from "@/lib/collect/inventory/list-resources-at";
export type { PermissionCheck } from "./permission-probes";
export { ROLE_ARN_PATTERN, CreateConnectionInput, UpdateConnectionInput, CostTagKeys, MAX_COST_TAG_KEYS } from "./schemas";
export { assumeRole, invalidateCredentials, AssumeRoleError, type RoleTarget, type AssumedCredentials } from "./assume-role";
