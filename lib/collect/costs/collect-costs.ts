import { GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type ResultByTime } from "@aws-sdk/client-cost-explorer";
import { and, eq } from "drizzle-orm";
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

/** The group kinds and tag keys this connection already has figures for (each backfills on its own first run). */
async function storedGroups(ctx: SyncContext): Promise<Set<string>> {
  const { tenantId, id: connectionId } = ctx.connection;
  const c = schema.costRecords;
  const rows = await withTenant(
    tenantId,
    (tx) =>
      tx
        .selectDistinct({ kind: c.groupKind, key: c.groupKey })
        .from(c)
        .where(and(eq(c.tenantId, tenantId), eq(c.connectionId, connectionId))),
    { db: ctx.deps.db },
  );
  return new Set(rows.map((r) => `${r.kind}:${r.key}`));
}

/**
 * Costs of one connection: DAILY by SERVICE over the last ~35 days (Cost Explorer revises recent
 * days, estimated → final), MONTHLY totals for this month and the last (last month's turns final
 * some days after it ends), and DAILY by each chosen tag key. What has no figures yet — the first
 * sync, or a tag key chosen later — reaches back 13 months. Each request is billed ($0.01), so this
 * runs every few hours. A request AWS denies stops the run, keeping what the earlier ones returned.
 */
export async function collectCosts(ctx: SyncContext): Promise<SyncOutcome> {
  const { tenantId, id: connectionId, costTagKeys } = ctx.connection;
  const { db, aws } = ctx.deps;
  const stored = await storedGroups(ctx);
  const now = awsNow(aws);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const end = isoDay(today + DAY_MS);
  const backfillStart = isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - aws.collect.costBackfillMonths, 1));
  const recentStart = isoDay(today - aws.collect.costDays * DAY_MS);
  const startFor = (group: string) => (stored.has(group) ? recentStart : backfillStart);
  const backfill = stored.size === 0;
  const start = startFor("service:SERVICE");
  const monthlyFrom = stored.has("total:") ? isoDay(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)) : backfillStart;

  const requests: { input: GetCostAndUsageCommandInput; granularity: CostFigure["granularity"]; group: { kind: CostFigure["groupKind"]; key: string } }[] = [
    { input: { TimePeriod: { Start: start, End: end }, Granularity: "DAILY", Metrics: [METRIC], GroupBy: [{ Type: "DIMENSION", Key: "SERVICE" }] }, granularity: "DAILY", group: { kind: "service", key: "SERVICE" } },
    { input: { TimePeriod: { Start: monthlyFrom, End: end }, Granularity: "MONTHLY", Metrics: [METRIC] }, granularity: "MONTHLY", group: { kind: "total", key: "" } },
    ...costTagKeys.map((key) => ({
      input: { TimePeriod: { Start: startFor(`tag:${key}`), End: end }, Granularity: "DAILY" as const, Metrics: [METRIC], GroupBy: [{ Type: "TAG" as const, Key: key }] },
      granularity: "DAILY" as const,
      group: { kind: "tag" as const, key },
    })),
  ];
  const all: CostFigure[] = [];
  const denied: string[] = [];
  for (const r of requests) {
    ctx.signal?.throwIfAborted();
    try {
      all.push(...figures(await fetchAll(ctx.session, r.input), r.granularity, r.group));
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      denied.push(deniedAction(error, "ce:GetCostAndUsage"));
      break;
    }
  }
  const changes = await withTenant(tenantId, (tx) => storeCosts(tx, { tenantId, connectionId, figures: all, recordedAt: new Date() }), { db });
  return {
    items: changes.inserted + changes.revised,
    denied,
    // Loaded once the service figures are in, even if a tag key's request was then denied.
    details: { ...changes, figures: all.length, from: start, to: end, backfill, costsLoaded: denied.length === 0 || all.some((f) => f.groupKind === "service") },
  };
}
