import { GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { deniedAction, isAccessDenied } from "@/lib/aws/aws-errors";
import { awsNow } from "@/lib/aws/config";
import { latestRuns, slotKey } from "@/lib/aws/latest-runs";
import type { AwsSession } from "@/lib/aws/session";
import { schema, withTenant } from "@/lib/db";
import { upsertSeries, writePoints, type SeriesDef, type SeriesRow } from "@/lib/metrics";
import type { SyncContext, SyncOutcome } from "../run-sync";
import { discoverMetrics, type DiscoveredMetric } from "./discover-metrics";
import { planBatches, type DeferOptions, type MetricBatch } from "./plan-queries";
import { EC2_TEMPLATE } from "./templates";

/** Concurrent GetMetricData calls per run: enough to hide latency, few enough to stay under CloudWatch's TPS limit. */
const CONCURRENCY = 4;

const LIVE_STATES = ["pending", "running", "stopping"];

function discoveredDef(connectionId: string, region: string, m: DiscoveredMetric): SeriesDef {
  const d = m.dimensions;
  const [resourceKind, resourceId] =
    m.namespace === "CWAgent"
      ? ["ec2_instance", d.InstanceId ?? ""]
      : d.PodName
        ? ["eks_pod", `${d.ClusterName}/${d.Namespace ?? "default"}/${d.PodName}`]
        : d.InstanceId
          ? ["eks_node", d.InstanceId]
          : ["eks_cluster", d.ClusterName ?? ""];
  return { connectionId, region, resourceKind, resourceId, namespace: m.namespace, metric: m.template.metric, dimensions: d, stat: m.template.stat, unit: m.template.unit, periodSeconds: m.template.periodSeconds };
}

async function fetchBatch(session: AwsSession, batch: MetricBatch): Promise<{ points: { seriesId: number; ts: Date; value: number }[]; calls: number }> {
  const queries: MetricDataQuery[] = batch.series.map((s, i) => ({
    Id: `m${i}`,
    MetricStat: {
      Metric: { Namespace: s.namespace, MetricName: s.metric, Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })) },
      Period: s.periodSeconds,
      Stat: s.stat,
    },
    ReturnData: true,
  }));
  const results: MetricDataResult[] = [];
  let token: string | undefined;
  let calls = 0;
  do {
    const page = await session.call((c) =>
      c.cloudwatch.send(
        new GetMetricDataCommand({ StartTime: batch.start, EndTime: batch.end, MetricDataQueries: queries, ScanBy: "TimestampAscending", ...(token ? { NextToken: token } : {}) }),
      ),
    );
    calls++;
    results.push(...(page.MetricDataResults ?? []));
    token = page.NextToken;
  } while (token);
  const points: { seriesId: number; ts: Date; value: number }[] = [];
  for (const r of results) {
    const series = r.Id ? batch.series[Number(r.Id.slice(1))] : undefined;
    if (!series) continue;
    const ts = r.Timestamps ?? [];
    const values = r.Values ?? [];
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i];
      const v = values[i];
      if (t !== undefined && v !== undefined && Number.isFinite(v)) points.push({ seriesId: series.id, ts: new Date(t), value: v });
    }
  }
  return { points, calls };
}

/**
 * What the previous finished metrics run of this (connection, region) left for this one. Only
 * after a run that succeeded may this run defer series in turn: after a failed or interrupted
 * run (or none) it fetches everything, so no series waits more than one run.
 */
async function deferOptions(ctx: SyncContext, region: string): Promise<DeferOptions | undefined> {
  const { tenantId, id: connectionId, metricsIntervalSeconds } = ctx.connection;
  const slot = { connectionId, region, kind: "metrics" } as const;
  const last = (await withTenant(tenantId, (tx) => latestRuns(tx, tenantId, [slot], "finished"), { db: ctx.deps.db })).get(slotKey(slot));
  if (!last || last.status === "failed") return undefined;
  const ids = last.carry.deferredSeriesIds;
  return { intervalSeconds: metricsIntervalSeconds, deferredLastRun: new Set(Array.isArray(ids) ? ids.filter((id): id is number => typeof id === "number") : []) };
}

/**
 * Metrics of one (connection, region): template series for every live instance, discovered
 * CWAgent / ContainerInsights series where they exist, fetched 500 queries per GetMetricData
 * call (a region's partial last call may wait a run: planBatches). Each batch is written in its
 * own transaction, so a run killed part way keeps what it wrote and the next run resumes from
 * each series' last stored point.
 */
export async function collectMetrics(ctx: SyncContext): Promise<SyncOutcome> {
  const { tenantId, id: connectionId } = ctx.connection;
  const { db, aws } = ctx.deps;
  const region = ctx.session.region;
  const now = awsNow(aws);
  const r = schema.resources;
  const instances = await withTenant(
    tenantId,
    (tx) =>
      tx
        .select({ resourceId: r.resourceId })
        .from(r)
        .where(and(eq(r.tenantId, tenantId), eq(r.connectionId, connectionId), eq(r.region, region), eq(r.kind, "ec2_instance"), inArray(r.state, LIVE_STATES), isNull(r.validTo), isNull(r.recordedTo))),
    { db },
  );
  const live = new Set(instances.map((i) => i.resourceId));
  const denied: string[] = [];
  let discovered: DiscoveredMetric[] = [];
  try {
    discovered = (await discoverMetrics(ctx.session, `${tenantId}:${connectionId}:${region}`, aws.collect.discoveryTtlSeconds)).metrics;
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    denied.push(deniedAction(error, "cloudwatch:ListMetrics"));
  }
  const defs: SeriesDef[] = [];
  for (const id of [...live].sort()) {
    for (const t of EC2_TEMPLATE) {
      defs.push({ connectionId, region, resourceKind: "ec2_instance", resourceId: id, namespace: "AWS/EC2", metric: t.metric, dimensions: { InstanceId: id }, stat: t.stat, unit: t.unit, periodSeconds: t.periodSeconds });
    }
  }
  for (const m of discovered) {
    // An agent's series outlive their instance by weeks in ListMetrics; only live instances count.
    if (m.namespace === "CWAgent" && !live.has(m.dimensions.InstanceId ?? "")) continue;
    defs.push(discoveredDef(connectionId, region, m));
  }
  ctx.signal?.throwIfAborted();
  const series: SeriesRow[] = defs.length ? await withTenant(tenantId, (tx) => upsertSeries(tx, tenantId, defs), { db }) : [];
  const defer = await deferOptions(ctx, region);
  const { batches, deferred } = planBatches(series, { now, overlapSeconds: aws.collect.metricsOverlapSeconds, backfillHours: aws.collect.metricsBackfillHours, ...(defer ? { defer } : {}) });

  const totals = { calls: 0, queries: 0, points: 0, inserted: 0, revised: 0, unchanged: 0 };
  let next = 0;
  let stop = false;
  const worker = async () => {
    while (!stop && next < batches.length) {
      const batch = batches[next++];
      if (!batch) break;
      ctx.signal?.throwIfAborted();
      let fetched;
      try {
        fetched = await fetchBatch(ctx.session, batch);
      } catch (error) {
        if (!isAccessDenied(error)) throw error;
        stop = true;
        denied.push(deniedAction(error, "cloudwatch:GetMetricData"));
        return;
      }
      ctx.signal?.throwIfAborted();
      const written = fetched.points.length ? await withTenant(tenantId, (tx) => writePoints(tx, tenantId, fetched.points), { db }) : { inserted: 0, revised: 0, unchanged: 0 };
      totals.calls += fetched.calls;
      totals.queries += batch.series.length;
      totals.points += fetched.points.length;
      totals.inserted += written.inserted;
      totals.revised += written.revised;
      totals.unchanged += written.unchanged;
    }
  };
  // Every lane finishes (or stops) before the run ends, so nothing writes after the lock is released.
  let failure: unknown;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, batches.length) }, () =>
      worker().catch((error: unknown) => {
        stop = true;
        failure ??= error;
      }),
    ),
  );
  if (failure !== undefined) throw failure;
  return {
    items: totals.inserted + totals.revised,
    denied: [...new Set(denied)],
    details: {
      seriesFound: series.length,
      discovered: discovered.length,
      pointsLoaded: totals.inserted + totals.revised,
      ...totals,
      queriesPerCall: totals.calls ? totals.queries / totals.calls : 0,
      deferred: deferred.length,
    },
    // The next run of this region fetches these first and never defers them again.
    carry: { deferredSeriesIds: deferred.map((s) => s.id) },
  };
}
