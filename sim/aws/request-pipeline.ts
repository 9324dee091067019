import { randomUUID } from "node:crypto";
import { matchesAny } from "./permissions";
import type { Principal } from "./identities";
import { type Authorization, type RawRequest, type ServiceModule, type SimResponse, errorResponse, jsonResponse } from "./protocols";
import { ALL_REGIONS, isEnabledRegion } from "./regions";
import type { SimCore } from "./sim-core";
import { SimError } from "./sim-error";
import { parseAuthorization, verifySignature } from "./sigv4";

/** A request the simulator deliberately never answers (region timeout fault). */
export const HANG = Symbol("hang");

const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/** Without a signature we still answer in the right protocol, guessed from the request shape. */
function guessService(core: SimCore, request: RawRequest): ServiceModule | undefined {
  const target = String(request.headers["x-amz-target"] ?? "");
  if (target.startsWith("GraniteServiceVersion20100801.")) return core.services.monitoring;
  if (target.startsWith("AWSInsightsIndexService.")) return core.services.ce;
  if (target.startsWith("ResourceGroupsTaggingAPI_20170126.")) return core.services.tagging;
  if (request.path.startsWith("/clusters")) return core.services.eks;
  const body = request.body.toString("utf8");
  if (body.includes("Version=2016-11-15")) return core.services.ec2;
  if (body.includes("Version=2011-06-15")) return core.services.sts;
  return undefined;
}

function authorize(core: SimCore, principal: Principal, iamAction: string): Authorization {
  if (core.faults.isDenied(iamAction) || matchesAny(principal.deny, iamAction)) return "explicit-deny";
  return matchesAny(principal.allow, iamAction) ? "allowed" : "implicit-deny";
}

function accessDeniedMessage(service: ServiceModule, principal: Principal, iamAction: string, region: string, result: Authorization): string {
  const why = result === "explicit-deny" ? "with an explicit deny in an identity-based policy" : `because no identity-based policy allows the ${iamAction} action`;
  // Cost Explorer names a resource in its denials; EC2 prefixes a generic sentence.
  const resource = service.name === "ce" ? ` on resource: arn:aws:ce:${region}:${principal.accountId}:/${iamAction.split(":")[1]}` : "";
  const prefix = service.name === "ec2" ? "You are not authorized to perform this operation. " : "";
  return `${prefix}User: ${principal.arn} is not authorized to perform: ${iamAction}${resource} ${why}`;
}

export async function handleAwsRequest(core: SimCore, request: RawRequest): Promise<SimResponse | typeof HANG> {
  const requestId = randomUUID();
  const auth = parseAuthorization(typeof request.headers.authorization === "string" ? request.headers.authorization : undefined);
  const service = auth ? core.services[auth.service] : guessService(core, request);
  if (!service) {
    return jsonResponse("rest-json", { message: `Unknown service${auth ? `: ${auth.service}` : ""}; sign requests with SigV4 for sts, ec2, monitoring, eks, ce or tagging` }, requestId, 400);
  }
  try {
    if (!auth) throw new SimError("MissingAuthenticationToken", "Request is missing Authentication Token");
    if (core.faults.hangs(auth.region)) return HANG;
    const sessionToken = typeof request.headers["x-amz-security-token"] === "string" ? request.headers["x-amz-security-token"] : undefined;
    const { secretAccessKey, principal } = core.authority.resolve(auth.accessKeyId, sessionToken);
    if (!(await verifySignature(request, auth, secretAccessKey))) throw new SimError("SignatureDoesNotMatch", SIGNATURE_MISMATCH);
    const now = core.clock.now();
    if (principal.kind === "assumed-role" && now.getTime() >= principal.expiresAt.getTime()) {
      throw new SimError("ExpiredToken", "The security token included in the request is expired");
    }
    // Regions that are not enabled for the account reject credentials, as opt-in regions do.
    if (service.regional && (!isEnabledRegion(auth.region) || !ALL_REGIONS.some((r) => r.name === auth.region))) {
      throw new SimError("InvalidClientTokenId", `The security token included in the request is invalid. (Region ${auth.region} is not enabled for this account.)`);
    }
    const call = service.resolve(request);
    const decision = core.faults.decide({ service: service.name, action: call.action, region: auth.region });
    if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    if (decision.error) throw decision.error;
    const iamAction = `${service.name}:${call.action}`;
    const authorizeFor = (action: string): Authorization => authorize(core, principal, action);
    if (!call.selfAuthorizing) {
      const result = authorizeFor(iamAction);
      if (result !== "allowed") throw new SimError("AccessDenied", accessDeniedMessage(service, principal, iamAction, auth.region, result));
    }
    return call.execute({ now, region: auth.region, principal, requestId, authorize: authorizeFor });
  } catch (error) {
    if (error instanceof SimError) return errorResponse(service, error, requestId);
    console.error(`[aws-sim] internal error in ${request.method} ${request.path}`, error);
    return errorResponse(service, new SimError("InternalFailure", "We encountered an internal error. Please try again."), requestId);
  }
}
