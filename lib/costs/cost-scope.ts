import { sql, type SQL } from "drizzle-orm";

export const DAY_MS = 86_400_000;
/** The metric every cost query reads (what lib/collect/costs stores). */
export const COST_METRIC = "UnblendedCost";

/** A UTC calendar day as `YYYY-MM-DD`. */
export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const dayStart = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;
export const monthStart = (ms: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
};
export const addMonths = (ms: number, months: number): number => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
};

/**
 * Every cost read selects versions by recorded time: the figures Monitr held at `asOf`
 * (default now). Cost Explorer revises recent days (Estimated → final); an earlier `asOf` shows
 * the estimate the dashboard showed then.
 */
export function knownAt(asOf: Date | undefined): SQL {
  const at = (asOf ?? new Date()).toISOString();
  return sql`recorded_from <= ${at}::timestamptz and (recorded_to is null or recorded_to > ${at}::timestamptz)`;
}

/** Daily service figures in [fromDay, toDay] (inclusive ISO days), as known at asOf. */
export function dailyServiceRows(args: { fromDay: string; toDay: string; asOf?: Date; connectionId?: string }): SQL {
  return sql`tenant_id = app_current_tenant() and granularity = 'DAILY' and group_kind = 'service' and metric = ${COST_METRIC}
    and period_start >= ${args.fromDay}::date and period_start <= ${args.toDay}::date and ${knownAt(args.asOf)}
    ${args.connectionId ? sql`and connection_id = ${args.connectionId}::uuid` : sql``}`;
}
