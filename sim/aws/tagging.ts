import { instanceStateAt, volumeExistsAt } from "./instance-state";
import { optionalArray, optionalNumber, optionalString } from "./json-input";
import { type CallContext, type ServiceModule, jsonResponse } from "./protocols";
import { decodePageToken, encodePageToken } from "./query-params";
import { createJsonService } from "./rpc-service";
import { hashString } from "./random";
import type { Scenario } from "./scenario";
import { SimError } from "./sim-error";

// Resource Groups Tagging API: a minimal GetResources over the scenario's tagged resources.
// Like AWS, it lists only resources that carry at least one tag.

interface TaggedResource {
  arn: string;
  /** "service:resourceType", what ResourceTypeFilters match. */
  type: string;
  tags: Record<string, string>;
}

const MAX_PER_PAGE = 100;

function taggedResources(scenario: Scenario, ctx: CallContext): TaggedResource[] {
  const t = ctx.now.getTime();
  const prefix = `arn:aws:ec2:${ctx.region}:${scenario.accountId}`;
  const owners = new Map(scenario.instances.map((i) => [i.instanceId, i]));
  const out: TaggedResource[] = [];
  for (const i of scenario.instances) {
    if (i.region === ctx.region && instanceStateAt(i, t) !== null) out.push({ arn: `${prefix}:instance/${i.instanceId}`, type: "ec2:instance", tags: i.tags });
  }
  for (const v of scenario.volumes) {
    if (v.region === ctx.region && volumeExistsAt(v, v.attachment ? owners.get(v.attachment.instanceId) : undefined, t)) {
      out.push({ arn: `${prefix}:volume/${v.volumeId}`, type: "ec2:volume", tags: v.tags });
    }
  }
  for (const a of scenario.addresses) {
    if (a.region === ctx.region) out.push({ arn: `${prefix}:elastic-ip/${a.allocationId}`, type: "ec2:elastic-ip", tags: a.tags });
  }
  for (const c of scenario.clusters) {
    if (c.region === ctx.region) out.push({ arn: c.arn, type: "eks:cluster", tags: c.tags });
  }
  return out.filter((r) => Object.keys(r.tags).length > 0);
}

function getResources(scenario: Scenario, ctx: CallContext, input: Record<string, unknown>): unknown {
  const perPage = optionalNumber(input, "ResourcesPerPage") ?? MAX_PER_PAGE;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw new SimError("Validation", `ResourcesPerPage must be between 1 and ${MAX_PER_PAGE}`);
  }
  const typeFilters = Array.isArray(input.ResourceTypeFilters) ? input.ResourceTypeFilters.filter((f): f is string => typeof f === "string") : [];
  const tagFilters = optionalArray(input, "TagFilters").map((f) => ({
    key: optionalString(f, "Key") ?? "",
    values: Array.isArray(f.Values) ? f.Values.filter((v): v is string => typeof v === "string") : [],
  }));
  const matching = taggedResources(scenario, ctx).filter(
    (r) =>
      (typeFilters.length === 0 || typeFilters.some((f) => r.type === f || r.type.startsWith(`${f}:`))) &&
      tagFilters.every((f) => Object.hasOwn(r.tags, f.key) && (f.values.length === 0 || f.values.includes(r.tags[f.key] as string))),
  );
  const { PaginationToken: _token, ...rest } = input;
  const fingerprint = hashString(`${ctx.region}|${JSON.stringify(rest)}`).toString(36);
  const token = optionalString(input, "PaginationToken");
  const offset = token ? decodePageToken(token, fingerprint) : 0;
  const end = offset + perPage;
  return {
    // AWS answers an empty string, not an absent token, on the last page.
    PaginationToken: end < matching.length ? encodePageToken(end, fingerprint) : "",
    ResourceTagMappingList: matching.slice(offset, end).map((r) => ({
      ResourceARN: r.arn,
      Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
    })),
  };
}

export function createTaggingService(scenario: Scenario): ServiceModule {
  return createJsonService({
    name: "tag",
    signingName: "tagging",
    protocol: "json-1.1",
    regional: true,
    targetPrefix: "ResourceGroupsTaggingAPI_20170126",
    respond: (value, requestId) => jsonResponse("json-1.1", value, requestId),
    actions: {
      GetResources: { handle: (ctx, input) => getResources(scenario, ctx, input) },
    },
  });
}
