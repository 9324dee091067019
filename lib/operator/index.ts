// The operator console's verbs (platform staff on admin.<APP_DOMAIN>): sessions, tenants, suspension, impersonation.
export { loadOpsConfig, opsConfig, type OpsConfig } from "./ops-config";
export { OPERATOR_COOKIE, signOperatorSession, verifyOperatorSession, type Operator } from "./operator-session";
export { operatorLogin } from "./operator-login";
export { setTenantStatus } from "./suspend-tenant";
export { TenantSuspendedError } from "./errors";
export { listTenantsForOperator, listTenantMembers, listUsersForOperator, TenantFilter, type TenantRow, type TenantMember, type UserRow } from "./list-tenants";
export {
  IMPERSONATION_COOKIE,
  StartImpersonationInput,
  startImpersonation,
  redeemImpersonation,
  findImpersonation,
  impersonationContext,
  endImpersonation,
  type ImpersonationSession,
} from "./impersonation";
export { withPlatformRead } from "./platform-read";
export { recordOperatorAudit } from "./operator-audit";
