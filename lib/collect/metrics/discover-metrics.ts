import { ListMetricsCommand } from "@aws-sdk/client-cloudwatch";
import type { AwsSession } from "@/lib/aws/session";
import { DISCOVERED_NAMESPACES, type DiscoveredNamespace, type MetricTemplate } from "./templates";

export type DiscoveredMetric = { namespace: DiscoveredNamespace; template: MetricTemplate; dimensions: Record<string, string> };

type CacheEntry = { at: number; metrics: DiscoveredMetric[] };
// ListMetrics pages are API calls too; what agents publish changes slowly, so one discovery per
// (connection, region) is reused for a while within the process.
const cache = new Map<string, CacheEntry>();

export function clearDiscoveryCache(): void {
  cache.clear();
}

/** CWAgent and ContainerInsights series that exist in the account (recently active), limited to the templates. */
export async function discoverMetrics(session: AwsSession, cacheKey: string, ttlSeconds: number): Promise<{ metrics: DiscoveredMetric[]; cached: boolean }> {
  const hit = cache.get(cacheKey);
  if (hit && Date.now() - hit.at < ttlSeconds * 1000) return { metrics: hit.metrics, cached: true };
  const metrics: DiscoveredMetric[] = [];
  for (const namespace of Object.keys(DISCOVERED_NAMESPACES) as DiscoveredNamespace[]) {
    const templates: Record<string, MetricTemplate> = DISCOVERED_NAMESPACES[namespace];
    let token: string | undefined;
    do {
      const page = await session.call((c) => c.cloudwatch.send(new ListMetricsCommand({ Namespace: namespace, RecentlyActive: "PT3H", ...(token ? { NextToken: token } : {}) })));
      for (const m of page.Metrics ?? []) {
        const template = m.MetricName ? templates[m.MetricName] : undefined;
        if (!template) continue;
        const dimensions = Object.fromEntries((m.Dimensions ?? []).filter((d) => d.Name && d.Value !== undefined).map((d) => [d.Name as string, d.Value as string]));
        metrics.push({ namespace, template, dimensions });
      }
      token = page.NextToken;
    } while (token);
  }
  cache.set(cacheKey, { at: Date.now(), metrics });
  return { metrics, cached: false };
}
