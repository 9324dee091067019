import type { TenantContext } from "@/lib/auth/guard";
import type { BudgetStatus } from "@/lib/budgets";
import type { CostDriver, CostGroup, DailySpend, MonthOverMonth } from "@/lib/costs";
import type { Tx } from "@/lib/db";
import type { CostForecast } from "../cost-view";

/** What every panel loader gets: one transaction in the tenant, the range, and a per-view memo. */
export type PanelArgs = {
  ctx: TenantContext;
  tx: Tx;
  target: string;
  from: Date;
  to: Date;
  asOf?: Date;
  now: Date;
  /** Shares one computation between panels of the same view (the cost summary, the fleet). */
  memo: <T>(key: string, compute: () => Promise<T>) => Promise<T>;
};

export type FleetRow = {
  id: string;
  name: string | null;
  type: string | null;
  region: string;
  zone: string | null;
  state: string | null;
  tags: Record<string, string>;
  cpuAvg: number | null;
  cpuMax: number | null;
  networkIn: number | null;
  networkOut: number | null;
  statusCheck: "ok" | "failed" | "no data";
  spark: (number | null)[];
};

/** The workspace budget of this month next to the spend; none in a past view (budgets keep no history). */
export type WorkspaceBudget =
  | { kind: "set"; month: string; status: BudgetStatus; /** Team and person budgets the actor may see. */ others: number }
  | { kind: "none"; month: string; others: number }
  | { kind: "past-view"; message: string };

export type PanelDataMap = {
  "instance-states": { total: number; states: { state: string; count: number }[]; regions: { region: string; count: number; byState: Record<string, number> }[] };
  "eks-health": { clusters: { name: string; region: string; status: string | null; version: string | null; nodes: number | null; failedNodes: number | null; crashLooping: number }[] };
  "top-cpu": { instances: { id: string; name: string | null; avg: number; peak: number | null; spark: (number | null)[] }[]; bucketSeconds: number };
  alerts: { available: false } | { available: true; firing: number; /** A past view: the count is the current one. */ now: boolean };
  "cost-mtd": {
    currency: string;
    monthToDate: number;
    lastMonthSamePeriod: number;
    lastMonthTotal: number;
    change: number | null;
    forecast: { amount: number; low: number; high: number } | null;
    budget: WorkspaceBudget;
  };
  "last-sync": {
    connections: { id: string; name: string; status: string; lastError: string | null; runs: { kind: string; finishedAt: string | null; status: string }[] }[];
  };
  "fleet-table": { rows: FleetRow[]; bucketSeconds: number; at: string };
  "instance-details": { found: false; id: string } | { found: true; id: string; name: string | null; state: string | null; region: string; attributes: Record<string, string>; tags: Record<string, string> };
  "crashloop-pods": { pods: { namespace: string; pod: string; restarts: number | null }[]; podsWatched: number };
  "node-groups": { groups: { name: string; status: string | null; min: number | null; max: number | null; desired: number | null; instanceTypes: string[]; capacityType: string | null }[] };
  "cost-daily": { currency: string; daily: DailySpend[]; total: number; forecast: CostForecast };
  "cost-by-service": { currency: string; groups: CostGroup[] };
  "cost-by-tag": { currency: string; byKey: { tagKey: string; groups: CostGroup[] }[] };
  "cost-mom": MonthOverMonth & { currency: string; budget: WorkspaceBudget };
  "cost-drivers": { currency: string; drivers: CostDriver[] };
};

export type Panel<K extends keyof PanelDataMap> = {
  /** Dashboard kinds it makes sense on ("any" = not tied to a resource). */
  needsTarget: "ec2-instance" | "eks-cluster" | null;
  load: (args: PanelArgs) => Promise<PanelDataMap[K]>;
};
