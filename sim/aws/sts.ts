import type { CredentialAuthority } from "./identities";
import { type CallContext, type ServiceModule, type SimResponse, xmlResponse } from "./protocols";
import { createQueryService } from "./rpc-service";
import type { RoleStore } from "./role-store";
import { SimError } from "./sim-error";
import { tag, textTag } from "./xml";

export interface StsDeps {
  roles: RoleStore;
  authority: CredentialAuthority;
}

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
// AWS caps role-chained sessions (a role assuming a role) at one hour.
const CHAINED_MAX_SECONDS = 3_600;

function assumeRole(deps: StsDeps, ctx: CallContext, params: URLSearchParams): SimResponse {
  const roleArn = params.get("RoleArn") ?? "";
  const sessionName = params.get("RoleSessionName") ?? "";
  const externalId = params.get("ExternalId");
  const durationSeconds = Number(params.get("DurationSeconds") ?? "3600");
  if (!SESSION_NAME.test(sessionName)) {
    throw new SimError(
      "Validation",
      `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  if (!Number.isInteger(durationSeconds) || durationSeconds < 900 || durationSeconds > 43_200) {
    throw new SimError(
      "Validation",
      `1 validation error detected: Value '${params.get("DurationSeconds")}' at 'durationSeconds' failed to satisfy constraint: Member must have value ${durationSeconds < 900 ? "greater than or equal to 900" : "less than or equal to 43200"}`,
    );
  }
  const caller = ctx.principal;
  const role = deps.roles.getByArn(roleArn);
  const trusted =
    role !== undefined &&
    role.trustedAccountIds.includes(caller.accountId) &&
    (role.externalId === null || role.externalId === externalId) &&
    ctx.authorize("sts:AssumeRole") === "allowed";
  if (!role || !trusted) {
    // AWS answers the same for a missing role, an untrusted caller and a wrong
    // ExternalId, so callers cannot probe which roles exist.
    throw new SimError("AccessDenied", `User: ${caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  }
  if (durationSeconds > role.maxSessionDurationSeconds) {
    throw new SimError("Validation", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  }
  if (caller.kind === "assumed-role" && durationSeconds > CHAINED_MAX_SECONDS) {
    throw new SimError("Validation", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.");
  }
  const credentials = deps.authority.issue(role, sessionName, new Date(ctx.now.getTime() + durationSeconds * 1000));
  const inner =
    tag(
      "AssumedRoleUser",
      textTag("AssumedRoleId", `${role.roleId}:${sessionName}`) +
        textTag("Arn", `arn:aws:sts::${role.arn.split(":")[4]}:assumed-role/${role.roleName}/${sessionName}`),
    ) +
    tag(
      "Credentials",
      textTag("AccessKeyId", credentials.accessKeyId) +
        textTag("SecretAccessKey", credentials.secretAccessKey) +
        textTag("SessionToken", credentials.sessionToken) +
        textTag("Expiration", credentials.expiration.toISOString()),
    ) +
    textTag("PackedPolicySize", 0);
  return xmlResponse("query", "AssumeRole", inner, ctx.requestId);
}

function getCallerIdentity(ctx: CallContext): SimResponse {
  const { principal } = ctx;
  const inner = textTag("Arn", principal.arn) + textTag("UserId", principal.userId) + textTag("Account", principal.accountId);
  return xmlResponse("query", "GetCallerIdentity", inner, ctx.requestId);
}

export function createStsService(deps: StsDeps): ServiceModule {
  return createQueryService({
    name: "sts",
    signingName: "sts",
    protocol: "query",
    regional: false,
    version: "2011-06-15",
    actions: {
      // The handler checks sts:AssumeRole itself: the denial names the role as resource.
      AssumeRole: { selfAuthorizing: true, handle: (ctx, params) => assumeRole(deps, ctx, params) },
      // GetCallerIdentity needs no permission in AWS.
      GetCallerIdentity: { selfAuthorizing: true, handle: (ctx) => getCallerIdentity(ctx) },
    },
  });
}
