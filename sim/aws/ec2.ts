import { addressXml, type ReservationGroup, reservationXml, volumeXml } from "./ec2-xml";
import { STATE_CODES, instanceStateAt, volumeExistsAt } from "./instance-state";
import { type CallContext, type ServiceModule, type SimResponse, xmlResponse } from "./protocols";
import { type QueryFilter, decodePageToken, encodePageToken, matchesFilterValues, queryFilters, queryList } from "./query-params";
import { createQueryService } from "./rpc-service";
import { hashString } from "./random";
import { ALL_REGIONS, optInStatus } from "./regions";
import type { Scenario } from "./scenario";
import type { SimInstance, SimVolume } from "./scenario-types";
import { SimError } from "./sim-error";
import { itemSet, textTag } from "./xml";

type Extractor<T> = (item: T) => ReadonlyArray<string | null | undefined>;

/** Applies EC2 filters; `tag:<key>`, `tag-key` and `tag-value` work on every resource. */
function applyFilters<T extends { tags: Record<string, string> }>(
  items: T[],
  filters: QueryFilter[],
  extractors: Record<string, Extractor<T>>,
): T[] {
  for (const filter of filters) {
    if (!filter.name.startsWith("tag:") && filter.name !== "tag-key" && filter.name !== "tag-value" && !Object.hasOwn(extractors, filter.name)) {
      throw new SimError({ code: "InvalidParameterValue", status: 400 }, `The filter '${filter.name}' is invalid`);
    }
  }
  return items.filter((item) =>
    filters.every((filter) => {
      if (filter.name.startsWith("tag:")) return matchesFilterValues(filter.values, [item.tags[filter.name.slice(4)]]);
      if (filter.name === "tag-key") return matchesFilterValues(filter.values, Object.keys(item.tags));
      if (filter.name === "tag-value") return matchesFilterValues(filter.values, Object.values(item.tags));
      const extract = extractors[filter.name] as Extractor<T>;
      return matchesFilterValues(filter.values, extract(item));
    }),
  );
}

/** Fingerprint of the request minus its paging parameters, binding a NextToken to it. */
function fingerprint(params: URLSearchParams, region: string): string {
  const kept = [...params].filter(([key]) => key !== "NextToken" && key !== "MaxResults").map(([k, v]) => `${k}=${v}`).sort();
  return hashString(`${region}|${kept.join("&")}`).toString(36);
}

interface Page<T> {
  items: T[];
  nextToken: string | null;
}

function paginate<T>(items: T[], params: URLSearchParams, region: string, bounds: { min: number; max: number }): Page<T> {
  const maxParam = params.get("MaxResults");
  const token = params.get("NextToken");
  if (maxParam === null && token === null) return { items, nextToken: null };
  const maxResults = maxParam === null ? bounds.max : Number(maxParam);
  if (!Number.isInteger(maxResults) || maxResults < bounds.min || maxResults > bounds.max) {
    throw new SimError(
      { code: "InvalidParameterValue", status: 400 },
      `Value ( ${maxParam} ) for parameter maxResults is invalid. Expecting a value between ${bounds.min} and ${bounds.max}.`,
    );
  }
  const fp = fingerprint(params, region);
  const offset = token === null ? 0 : decodePageToken(token, fp);
  const end = offset + maxResults;
  return { items: items.slice(offset, end), nextToken: end < items.length ? encodePageToken(end, fp) : null };
}

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

function describeInstances(scenario: Scenario, ctx: CallContext, params: URLSearchParams): SimResponse {
  const t = ctx.now.getTime();
  const ids = queryList(params, "InstanceId");
  if (ids.length && params.get("MaxResults") !== null) {
    throw new SimError({ code: "InvalidParameterCombination", status: 400 }, "The parameter instancesSet cannot be used with the parameter maxResults");
  }
  const malformed = ids.find((id) => !INSTANCE_ID.test(id));
  if (malformed) throw new SimError({ code: "InvalidInstanceID.Malformed", status: 400 }, `Invalid id: "${malformed}"`);
  type Visible = { instance: SimInstance; state: NonNullable<ReturnType<typeof instanceStateAt>> };
  let visible: Visible[] = [];
  for (const instance of scenario.instances) {
    if (instance.region !== ctx.region) continue;
    const state = instanceStateAt(instance, t);
    if (state) visible.push({ instance, state });
  }
  if (ids.length) {
    const missing = ids.filter((id) => !visible.some((v) => v.instance.instanceId === id));
    if (missing.length) {
      throw new SimError({ code: "InvalidInstanceID.NotFound", status: 400 }, `The instance ID${missing.length > 1 ? "s" : ""} '${missing.join(", ")}' do${missing.length > 1 ? "" : "es"} not exist`);
    }
    visible = visible.filter((v) => ids.includes(v.instance.instanceId));
  }
  const filtered = applyFilters(
    visible.map((v) => ({ ...v, tags: v.instance.tags })),
    queryFilters(params),
    {
      "instance-state-name": (v) => [v.state],
      "instance-state-code": (v) => [String(STATE_CODES[v.state])],
      "instance-id": (v) => [v.instance.instanceId],
      "instance-type": (v) => [v.instance.instanceType],
      "availability-zone": (v) => [v.instance.availabilityZone],
      "vpc-id": (v) => [v.instance.vpcId],
      "subnet-id": (v) => [v.instance.subnetId],
      "image-id": (v) => [v.instance.imageId],
      "reservation-id": (v) => [v.instance.reservationId],
      "private-ip-address": (v) => [v.instance.privateIp],
      "private-dns-name": (v) => [v.instance.privateDnsName],
    },
  );
  // Page over instances, then regroup each page into its reservations.
  const page = paginate(filtered, params, ctx.region, { min: 5, max: 1000 });
  const groups: ReservationGroup[] = [];
  for (const { instance, state } of page.items) {
    const last = groups[groups.length - 1];
    if (last && last.reservationId === instance.reservationId) last.instances.push({ instance, state });
    else groups.push({ reservationId: instance.reservationId, ownerId: scenario.accountId, instances: [{ instance, state }] });
  }
  const inner = itemSet("reservationSet", groups, reservationXml) + textTag("nextToken", page.nextToken);
  return xmlResponse("ec2", "DescribeInstances", inner, ctx.requestId);
}

function describeVolumes(scenario: Scenario, ctx: CallContext, params: URLSearchParams): SimResponse {
  const t = ctx.now.getTime();
  const owners = new Map(scenario.instances.map((i) => [i.instanceId, i]));
  const ids = queryList(params, "VolumeId");
  const existing = scenario.volumes.filter(
    (v) => v.region === ctx.region && volumeExistsAt(v, v.attachment ? owners.get(v.attachment.instanceId) : undefined, t),
  );
  const missing = ids.find((id) => !existing.some((v) => v.volumeId === id));
  if (missing) throw new SimError({ code: "InvalidVolume.NotFound", status: 400 }, `The volume '${missing}' does not exist.`);
  const selected = ids.length ? existing.filter((v) => ids.includes(v.volumeId)) : existing;
  const filtered = applyFilters<SimVolume>(selected, queryFilters(params), {
    status: (v) => [v.attachment ? "in-use" : "available"],
    "volume-id": (v) => [v.volumeId],
    "volume-type": (v) => [v.volumeType],
    "availability-zone": (v) => [v.availabilityZone],
    "attachment.instance-id": (v) => [v.attachment?.instanceId],
    "attachment.status": (v) => [v.attachment ? "attached" : null],
    size: (v) => [String(v.sizeGiB)],
  });
  const page = paginate(filtered, params, ctx.region, { min: 5, max: 500 });
  const inner =
    itemSet("volumeSet", page.items, (v) => volumeXml(v, v.attachment ? owners.get(v.attachment.instanceId)?.launchTime ?? null : null)) +
    textTag("nextToken", page.nextToken);
  return xmlResponse("ec2", "DescribeVolumes", inner, ctx.requestId);
}

function describeAddresses(scenario: Scenario, ctx: CallContext, params: URLSearchParams): SimResponse {
  const ips = queryList(params, "PublicIp");
  const allocations = queryList(params, "AllocationId");
  const inRegion = scenario.addresses.filter(
    (a) => a.region === ctx.region && (!ips.length || ips.includes(a.publicIp)) && (!allocations.length || allocations.includes(a.allocationId)),
  );
  const filtered = applyFilters(inRegion, queryFilters(params), {
    domain: () => ["vpc"],
    "public-ip": (a) => [a.publicIp],
    "allocation-id": (a) => [a.allocationId],
    "association-id": (a) => [a.associationId],
    "instance-id": (a) => [a.instanceId],
    "private-ip-address": (a) => [a.privateIp],
  });
  const inner = itemSet("addressesSet", filtered, (a) => addressXml(a, scenario.accountId));
  return xmlResponse("ec2", "DescribeAddresses", inner, ctx.requestId);
}

function describeRegions(ctx: CallContext, params: URLSearchParams): SimResponse {
  const all = params.get("AllRegions") === "true";
  const names = queryList(params, "RegionName");
  const regions = ALL_REGIONS.map((r) => ({ name: r.name, status: optInStatus(r), tags: {} }))
    .filter((r) => all || names.length > 0 || r.status !== "not-opted-in")
    .filter((r) => !names.length || names.includes(r.name));
  const filtered = applyFilters(regions, queryFilters(params), {
    "region-name": (r) => [r.name],
    "opt-in-status": (r) => [r.status],
    endpoint: (r) => [`ec2.${r.name}.amazonaws.com`],
  });
  const inner = itemSet("regionInfo", filtered, (r) =>
    textTag("regionName", r.name) + textTag("regionEndpoint", `ec2.${r.name}.amazonaws.com`) + textTag("optInStatus", r.status),
  );
  return xmlResponse("ec2", "DescribeRegions", inner, ctx.requestId);
}

export function createEc2Service(scenario: Scenario): ServiceModule {
  return createQueryService({
    name: "ec2",
    signingName: "ec2",
    protocol: "ec2",
    regional: true,
    version: "2016-11-15",
    actions: {
      DescribeInstances: { handle: (ctx, params) => describeInstances(scenario, ctx, params) },
      DescribeVolumes: { handle: (ctx, params) => describeVolumes(scenario, ctx, params) },
      DescribeAddresses: { handle: (ctx, params) => describeAddresses(scenario, ctx, params) },
      DescribeRegions: { handle: (ctx, params) => describeRegions(ctx, params) },
    },
  });
}
