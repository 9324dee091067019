import { GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from "@aws-sdk/client-cost-explorer";
import { and, eq, sql } from "drizzle-orm";
import { deniedAction, isAccessDenied } from "@/lib/aws/aws-errors";
import { awsNow } from "@/lib/aws/config";
import type { AwsSession } from "@/lib/aws/session";
import { schema, withTenant } from "@/lib/db";
import type { SyncContext, SyncOutcome } from "../run-sync";
import { storeCosts, type CostFigure } from "./store-costs";

const METRIC = "UnblendedCost";
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function fetchAll(session: AwsSession, input: GetCostAndUsageCommandInput): Promise<ResultByTime[]> {
  const out: ResultByTime[] = [];
  let token: string | undefined;
  do {
    const page = await session.call((c) => c.costExplorer.send(new GetCostAndUsageCommand({ ...input, ...(token ? { NextPageToken: token } : {}) })));
    out.push(...(page.ResultsByTime ?? []));
    token = page.NextPageToken;
  } while (token);
  return out;
}

function figures(results: ResultByTime[], granularity: CostFigure["granularity"], group: { kind: CostFigure["groupKind"]; key: string } ): CostFigure[] {
  const out: CostFigure[] = [];
  for (const r of results) {
    const periodStart = r.TimePeriod?.Start;
    if (!periodStart) continue;
    const estimated = r.Estimated ?? false;
    if (group.kind === "total") {
      const m = r.Total?.[METRIC];
      if (m?.Amount !== undefined) out.push({ periodStart, granularity, groupKind: "total", groupKey: "", groupValue: "", metric: METRIC, amount: m.Amount, unit: m.Unit ?? "USD", estimated });
      continue;
    }
    for (const g of r.Groups ?? []) {
      const m = g.Metrics?.[METRIC];
      const raw = g.Keys?.[0];
      if (m?.Amount === undefined || raw === undefined) continue;
      // Tag groups come back as "key$value"; "key$" is the untagged remainder.
      const value = group.kind === "tag" ? raw.slice(raw.indexOf("$") + 1) : raw;
      out.push({ periodStart, granularity, groupKind: group.kind, groupKey: group.key, groupValue: value, metric: METRIC, amount: m.Amount, unit: m.Unit ?? "USD", estimated });
    }
  }
  return out;
}

/**
 * Costs of one connection: DAILY by SERVICE over the last ~35 days (Cost Explorer revises recent
 * days, estimated → final), month-to-date MONTHLY, and DAILY by each chosen tag key. The first
 * sync reaches back 13 months. Each request is billed ($0.01), so this runs every few hours.
 */
export async function collectCosts(ctx: SyncContext): Promise<SyncOutcome> {
  const { tenantId, id: connectionId, costTagKeys } = ctx.connection;
  const { db, aws } = ctx.deps;
  const c = schema.costRecords;
  const [existing] = await withTenant(
    tenantId,
    (tx) => tx.select({ n: sql<number>`count(*)::int` }).from(c).where(and(eq(c.tenantId, tenantId), eq(c.connectionId, connectionId))),
    { db },
  );
  const backfill = (existing?.n ?? 0) === 0;
  const now = awsNow(aws);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const end = isoDay(today + DAY_MS);
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const start = backfill ? isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - aws.collect.costBackfillMonths, 1)) : isoDay(today - aws.collect.costDays * DAY_MS);
  const monthlyFrom = backfill ? start : isoDay(monthStart);

  const all: CostFigure[] = [];
  try {
    all.push(...figures(await fetchAll(ctx.session, { TimePeriod: { Start: start, End: end }, Granularity: "DAILY", Metrics: [METRIC], GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }] }), "DAILY", { kind: "service", key: "SERVICE" }));
    ctx.signal?.throwIfAborted();
    all.push(...figures(await fetchAll(ctx.session, { TimePeriod: { Start: monthlyFrom, End: end }, Granularity: "MONTHLY", Metrics: [METRIC] }), "MONTHLY", { kind: "total", key: "" }));
    for (const key of costTagKeys) {
      ctx.signal?.throwIfAborted();
      all.push(...figures(await fetchAll(ctx.session, { TimePeriod: { Start: start, End: end }, Granularity: "DAILY", Metrics: [METRIC], GroupBy: [{ Type: "TAG", Key: key }] }), "DAILY", { kind: "tag", key }));
    }
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    return { items: 0, denied: [deniedAction(error, "ce:GetCostAndUsage")], details: { costsLoaded: false } };
  }
  const changes = await withTenant(tenantId, (tx) => storeCosts(tx, { tenantId, connectionId, figures: all, recordedAt: new Date() }), { db });
  return { items: changes.inserted + changes.revised, denied: [], details: { ...changes, figures: all.length, from: start, to: end, backfill, costsLoaded: true } };
}
