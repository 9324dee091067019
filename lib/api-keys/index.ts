// Public API keys: created by admins, shown once, stored as SHA-256, scoped read / write.
export { createApiKey, listApiKeys, revokeApiKey, type ApiKeySummary } from "./manage-keys";
export { authenticateApiKey, type AuthenticatedKey } from "./authenticate-key";
export { withApiKey, TenantSuspendedError, type ApiContext, type ApiKeyGuardDeps } from "./with-api-key";
export { generateApiKey, hashApiKey, bearerToken, looksLikeApiKey } from "./key-format";
export { CreateApiKeyInput, ApiKeyScope } from "./schemas";
