import { GetMetricDataCommand, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { assertAdmin } from "@/lib/allocation";
import type { TenantContext } from "@/lib/auth/guard";
import { awsNow, type AwsConfig } from "@/lib/aws/config";
import type { AwsSession } from "@/lib/aws/session";
import { runSync, type CollectDeps, type SyncContext, type SyncResult } from "@/lib/collect";
import { schema, withTenant } from "@/lib/db";
import { upsertSeries, writePoints, type SeriesRow } from "@/lib/metrics";
import { cpuEvidence, EVIDENCE_DAYS, evidenceWindow } from "./cpu-evidence";

/*
 * Backfills EVIDENCE_DAYS of 5-minute CPUUtilization for idle candidates into the metric store,
 * through the collectors' own path: runSync (the connection's metrics lock, a sync_runs row, the
 * counted and retried AWS session) and the same series and writePoints as regular collection.
 * CloudWatch keeps 5-minute data for 63 days, so two weeks are always there. Only candidates are
 * fetched — running instances without 14 days stored whose stored CPU so far is low — to keep the
 * customer's GetMetricData bill small. (The collector's batch fetch is private to lib/collect, so
 * this file has its own small one.)
 */
export const CANDIDATE_CPU = 10;
const MAX_QUERIES = 500;
const DAY_MS = 86_400_000;

async function fetchCpu(session: AwsSession, series: SeriesRow[], start: Date, end: Date): Promise<{ seriesId: number; ts: Date; value: number }[]> {
  const points: { seriesId: number; ts: Date; value: number }[] = [];
  for (let i = 0; i < series.length; i += MAX_QUERIES) {
    const batch = series.slice(i, i + MAX_QUERIES);
    const results: MetricDataResult[] = [];
    let token: string | undefined;
    do {
      const page = await session.call((c) =>
        c.cloudwatch.send(
          new GetMetricDataCommand({
            StartTime: start,
            EndTime: end,
            ScanBy: "TimestampAscending",
            MetricDataQueries: batch.map((s, k) => ({
              Id: `c${k}`,
              MetricStat: { Metric: { Namespace: "AWS/EC2", MetricName: "CPUUtilization", Dimensions: [{ Name: "InstanceId", Value: s.resourceId }] }, Period: 300, Stat: "Average" },
              ReturnData: true,
            })),
            ...(token ? { NextToken: token } : {}),
          }),
        ),
      );
      results.push(...(page.MetricDataResults ?? []));
      token = page.NextToken;
    } while (token);
    // Pages carry the remaining part of cut queries: merge by Id.
    for (const r of results) {
      const s = r.Id ? batch[Number(r.Id.slice(1))] : undefined;
      if (!s) continue;
      (r.Timestamps ?? []).forEach((t, k) => {
        const v = r.Values?.[k];
        if (v !== undefined && Number.isFinite(v)) points.push({ seriesId: s.id, ts: new Date(t), value: v });
      });
    }
  }
  return points;
}

async function backfillWork(ctx: SyncContext, options: { all: boolean }) {
  const { tenantId, id: connectionId } = ctx.connection;
  const { db, aws } = ctx.deps;
  const region = ctx.session.region;
  const now = awsNow(aws);
  const r = schema.resources;
  const running = await withTenant(
    tenantId,
    (tx) => tx.select({ id: r.resourceId }).from(r).where(and(eq(r.tenantId, tenantId), eq(r.connectionId, connectionId), eq(r.region, region), eq(r.kind, "ec2_instance"), inArray(r.state, ["running"]), isNull(r.validTo), isNull(r.recordedTo))),
    { db },
  );
  const ids = running.map((x) => x.id).sort();
  const { series, evidence } = await withTenant(
    tenantId,
    async (tx) => ({
      series: await upsertSeries(
        tx,
        tenantId,
        ids.map((id) => ({ connectionId, region, resourceKind: "ec2_instance", resourceId: id, namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: { InstanceId: id }, stat: "Average", unit: "Percent", periodSeconds: 300 })),
      ),
      evidence: await cpuEvidence(tx, ids, now),
    }),
    { db },
  );
  const candidates = series.filter((s) => {
    const e = evidence.get(s.resourceId);
    if (e && e.days >= EVIDENCE_DAYS + 1) return false;
    return options.all || !e || e.average < CANDIDATE_CPU;
  });
  if (!candidates.length) return { items: 0, denied: [], details: { backfill: "cpu", candidates: 0 } };
  const { from } = evidenceWindow(now);
  // CloudWatch's newest minutes are still filling; regular collection takes those.
  const points = await fetchCpu(ctx.session, candidates, new Date(from.getTime() - 300_000), new Date(Math.min(now.getTime() - 600_000, from.getTime() + (EVIDENCE_DAYS + 1) * DAY_MS)));
  const written = points.length ? await withTenant(tenantId, (tx) => writePoints(tx, tenantId, points), { db }) : { inserted: 0, revised: 0, unchanged: 0 };
  return { items: points.length, denied: [], details: { backfill: "cpu", candidates: candidates.length, instances: candidates.map((c) => c.resourceId), ...written } };
}

/** One (connection, region): 14 days of CPU for idle candidates (or every running instance with `all`). */
export async function backfillCpu(deps: CollectDeps, target: { tenantId: string; connectionId: string; region: string }, options: { all?: boolean } = {}): Promise<SyncResult> {
  return runSync(deps, { ...target, kind: "metrics" }, (ctx) => backfillWork(ctx, { all: options.all ?? false }));
}

/** "Backfill 14 days now" for admins: every live connection and region of the tenant. */
export async function backfillCpuForTenant({ ctx, aws }: { ctx: TenantContext; aws: AwsConfig }): Promise<{ regions: number; points: number; skipped: number }> {
  assertAdmin(ctx, "backfill CPU history");
  const connections = await withTenant(
    ctx.tenant.id,
    (tx) => tx.select().from(schema.awsConnections).where(and(eq(schema.awsConnections.tenantId, ctx.tenant.id), isNull(schema.awsConnections.disconnectedAt))),
    { db: ctx.db },
  );
  let regions = 0;
  let points = 0;
  let skipped = 0;
  for (const c of connections) {
    for (const region of c.regions) {
      const result = await backfillCpu({ db: ctx.db, aws }, { tenantId: ctx.tenant.id, connectionId: c.id, region });
      regions++;
      points += result.items;
      if (result.status === "skipped") skipped++;
    }
  }
  return { regions, points, skipped };
}
