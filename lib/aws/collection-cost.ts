import { sql } from "drizzle-orm";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { getConnectionInTenant } from "./connection-queries";
import { latestRuns } from "./latest-runs";

/*
 * What collection costs the customer in AWS charges — Monitr's calls are on their bill. List prices
 * (us-east-1; most regions are the same, a few are higher): CloudWatch GetMetricData is billed per
 * metric requested, ListMetrics per request, Cost Explorer per request. EC2, EKS and STS calls are free.
 */
export const AWS_API_PRICES_USD = {
  getMetricDataPerMetric: 0.01 / 1000,
  listMetricsPerRequest: 0.01 / 1000,
  costExplorerPerRequest: 0.01,
} as const;

const DAYS_PER_MONTH = 30;
const SCHEDULES = [60, 300] as const;

export type CollectionCost = {
  /** Series the latest metrics run of each monitored region asked for. */
  series: number;
  /** GetMetricData charges a month on each schedule, for those series. */
  bySchedule: { intervalSeconds: (typeof SCHEDULES)[number]; metricsPerMonth: number; usdPerMonth: number }[];
  /** What the runs of the last 24 hours requested, and its price. */
  lastDay: { metricsRequested: number; listMetricsRequests: number; costExplorerRequests: number; usd: number };
};

export async function collectionCost({ ctx, connectionId, now = new Date() }: { ctx: TenantContext; connectionId: string; now?: Date }): Promise<CollectionCost> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const connection = await getConnectionInTenant({ tx, tenantId: ctx.tenant.id, id: connectionId });
      const since = new Date(now.getTime() - 24 * 3600_000);
      const latest = await latestRuns(
        tx,
        ctx.tenant.id,
        connection.regions.map((region) => ({ connectionId, region, kind: "metrics" as const })),
        "succeeded",
      );
      const [day] = (
        await tx.execute<{ metrics: string; list_metrics: string; cost_explorer: string }>(sql`
          select coalesce(sum((details->>'queries')::bigint) filter (where kind = 'metrics'), 0) as metrics,
                 coalesce(sum((details->'apiCallsByAction'->>'ListMetrics')::bigint), 0) as list_metrics,
                 coalesce(sum(coalesce((details->'apiCallsByAction'->>'GetCostAndUsage')::bigint, 0)
                            + coalesce((details->'apiCallsByAction'->>'GetCostForecast')::bigint, 0)), 0) as cost_explorer
            from sync_runs
           where tenant_id = ${ctx.tenant.id} and connection_id = ${connectionId} and kind <> 'initial'
             and started_at > ${since} and started_at <= ${now}`)
      ).rows;
      const series = [...latest.values()].reduce((n, r) => n + (typeof r.details.seriesFound === "number" ? r.details.seriesFound : 0), 0);
      const lastDay = {
        metricsRequested: Number(day?.metrics ?? 0),
        listMetricsRequests: Number(day?.list_metrics ?? 0),
        costExplorerRequests: Number(day?.cost_explorer ?? 0),
      };
      const p = AWS_API_PRICES_USD;
      return {
        series,
        bySchedule: SCHEDULES.map((intervalSeconds) => {
          const metricsPerMonth = series * ((DAYS_PER_MONTH * 86_400) / intervalSeconds);
          return { intervalSeconds, metricsPerMonth, usdPerMonth: metricsPerMonth * p.getMetricDataPerMetric };
        }),
        lastDay: {
          ...lastDay,
          usd: lastDay.metricsRequested * p.getMetricDataPerMetric + lastDay.listMetricsRequests * p.listMetricsPerRequest + lastDay.costExplorerRequests * p.costExplorerPerRequest,
        },
      };
    },
    { db: ctx.db },
  );
}
