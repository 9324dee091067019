import { loadDirectory } from "@/lib/allocation";
import type { TenantContext } from "@/lib/auth/guard";
import { dailySpend } from "@/lib/costs";
import { withTenant, type Tx } from "@/lib/db";
import { ANOMALY_RULE, detectAnomalies, type Anomaly } from "./anomalies";
import { loadComparisons, type Comparison } from "./comparisons";
import { dailyByService } from "./daily-by-service";
import { EKS_METHOD, eksCostByNamespace, type ClusterCost } from "./eks-namespaces";
import { loadSpendOutlook, type SpendOutlook } from "./spend-forecast";

const DAY_MS = 86_400_000;
/** Days the anomaly list covers; the rule reads 12 weeks more as its baseline. */
export const ANOMALY_DAYS = 60;
const EKS_WINDOW_DAYS = 7;

export type ServiceAnomaly = Anomaly & { service: string | null };
export type CostInsights = {
  outlook: SpendOutlook;
  anomalies: ServiceAnomaly[];
  anomalyRule: string;
  comparisons: Comparison[];
  eks: { clusters: ClusterCost[]; method: string; window: { from: string; to: string } };
};

/** Anomalies of the total and of each service over the last ANOMALY_DAYS, newest first. */
export async function loadAnomalies(tx: Tx, now: Date): Promise<ServiceAnomaly[]> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const from = new Date(today - (ANOMALY_DAYS + 12 * 7) * DAY_MS);
  const judgeFrom = new Date(today - ANOMALY_DAYS * DAY_MS).toISOString().slice(0, 10);
  const total = await dailySpend(tx, { from, to: new Date(today) });
  const out: ServiceAnomaly[] = detectAnomalies(total, judgeFrom).map((a) => ({ ...a, service: null }));
  for (const [service, series] of await dailyByService(tx, { from, to: new Date(today) })) {
    out.push(...detectAnomalies(series, judgeFrom).map((a) => ({ ...a, service })));
  }
  return out.sort((a, b) => b.day.localeCompare(a.day));
}

export async function getCostInsights({ ctx, now = new Date() }: { ctx: TenantContext; now?: Date }): Promise<CostInsights> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const directory = await loadDirectory(tx, ctx.tenant.id);
      const window = { from: new Date(now.getTime() - EKS_WINDOW_DAYS * DAY_MS), to: now };
      return {
        outlook: await loadSpendOutlook(tx, { now }),
        anomalies: await loadAnomalies(tx, now),
        anomalyRule: ANOMALY_RULE,
        comparisons: await loadComparisons(tx, { tenantId: ctx.tenant.id, directory, now }),
        eks: { clusters: await eksCostByNamespace(tx, { tenantId: ctx.tenant.id, ...window }), method: EKS_METHOD, window: { from: window.from.toISOString(), to: window.to.toISOString() } },
      };
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}
