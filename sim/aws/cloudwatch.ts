import { getMetricData } from "./cloudwatch-get-metric-data";
import { optionalArray, optionalString, requiredString } from "./json-input";
import { type MetricCatalog, buildMetricCatalog } from "./metric-catalog";
import type { MetricSeries } from "./metric-series";
import { type CallContext, type ServiceModule, jsonResponse } from "./protocols";
import { decodePageToken, encodePageToken } from "./query-params";
import { createJsonService } from "./rpc-service";
import { hashString } from "./random";
import type { Scenario } from "./scenario";

// ListMetrics returns 500 metrics per page and only metrics that received
// data in the past two weeks (or the last 3 hours with RecentlyActive=PT3H).
const LIST_PAGE_SIZE = 500;
const TWO_WEEKS_MS = 14 * 86_400_000;
const THREE_HOURS_MS = 3 * 3_600_000;

export class CatalogCache {
  private readonly catalogs = new Map<string, MetricCatalog>();

  constructor(private readonly scenario: Scenario) {}

  forRegion(region: string): MetricCatalog {
    let catalog = this.catalogs.get(region);
    if (!catalog) {
      catalog = buildMetricCatalog(this.scenario, region);
      this.catalogs.set(region, catalog);
    }
    return catalog;
  }
}

function listMetrics(catalogs: CatalogCache, ctx: CallContext, input: Record<string, unknown>): unknown {
  const namespace = optionalString(input, "Namespace");
  const metricName = optionalString(input, "MetricName");
  const dimensionFilters = optionalArray(input, "Dimensions").map((d) => ({
    name: requiredString(d, "Name"),
    value: optionalString(d, "Value"),
  }));
  const window = optionalString(input, "RecentlyActive") === "PT3H" ? THREE_HOURS_MS : TWO_WEEKS_MS;
  const now = ctx.now.getTime();
  const matches = (s: MetricSeries): boolean =>
    (namespace === undefined || s.namespace === namespace) &&
    (metricName === undefined || s.metricName === metricName) &&
    s.from <= now &&
    (s.until === null || s.until >= now - window) &&
    dimensionFilters.every((f) => s.dimensions.some((d) => d.Name === f.name && (f.value === undefined || d.Value === f.value)));
  const all = catalogs.forRegion(ctx.region).series.filter(matches);
  const { NextToken: _token, ...rest } = input;
  const fingerprint = hashString(`${ctx.region}|${JSON.stringify(rest)}`).toString(36);
  const token = optionalString(input, "NextToken");
  const offset = token === undefined ? 0 : decodePageToken(token, fingerprint);
  const page = all.slice(offset, offset + LIST_PAGE_SIZE);
  const end = offset + page.length;
  return {
    Metrics: page.map((s) => ({ Namespace: s.namespace, MetricName: s.metricName, Dimensions: s.dimensions })),
    ...(end < all.length ? { NextToken: encodePageToken(end, fingerprint) } : {}),
  };
}

export function createCloudWatchService(catalogs: CatalogCache): ServiceModule {
  return createJsonService({
    name: "cloudwatch",
    signingName: "monitoring",
    protocol: "json-1.0-query-compat",
    regional: true,
    targetPrefix: "GraniteServiceVersion20100801",
    respond: (value, requestId) => jsonResponse("json-1.0-query-compat", value, requestId),
    actions: {
      GetMetricData: { handle: (ctx, input) => getMetricData(input, catalogs.forRegion(ctx.region), ctx.now) },
      ListMetrics: { handle: (ctx, input) => listMetrics(catalogs, ctx, input) },
    },
  });
}
