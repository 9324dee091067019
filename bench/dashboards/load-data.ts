import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { ensurePartitions, upsertSeries, type SeriesDef } from "@/lib/metrics";
import { withTenant } from "@/lib/db";

export const DAYS = 30;
const DAY = 86_400_000;

/** Every instance gets these (1-minute data); the dashboard instances also get the rest of the instance template. */
export const BASE_METRICS: [string, string, string][] = [
  ["AWS/EC2", "CPUUtilization", "Percent"],
  ["AWS/EC2", "NetworkIn", "Bytes"],
  ["AWS/EC2", "NetworkOut", "Bytes"],
  ["AWS/EC2", "DiskReadBytes", "Bytes"],
  ["AWS/EC2", "DiskWriteBytes", "Bytes"],
];
export const DASHBOARD_EXTRA: [string, string, string][] = [
  ["AWS/EC2", "DiskReadOps", "Count"],
  ["AWS/EC2", "DiskWriteOps", "Count"],
  ["AWS/EC2", "StatusCheckFailed", "Count"],
  ["CWAgent", "mem_used_percent", "Percent"],
  ["CWAgent", "disk_used_percent", "Percent"],
];

export const instanceId = (n: number) => `i-${(0x1000000 + n).toString(16).padStart(17, "0")}`;

/**
 * 500 instances' series and 30 days of 1-minute points written with set-based SQL
 * (generate_series straight into each day's partition), then the 5-minute and hourly rollups
 * computed from them, as writePoints would have left them. Two days load at a time (two cores).
 */
export async function loadMetricData(db: Db, args: { tenantId: string; connectionId: string; instances: number; dashboardInstances: number; end: number; log: (m: string) => void }) {
  const defs: SeriesDef[] = [];
  for (let n = 0; n < args.instances; n++) {
    const id = instanceId(n);
    const metrics = n < args.dashboardInstances ? [...BASE_METRICS, ...DASHBOARD_EXTRA] : BASE_METRICS;
    for (const [namespace, metric, unit] of metrics) {
      const dimensions: Record<string, string> = metric === "disk_used_percent" ? { InstanceId: id, path: "/", device: "nvme0n1p1", fstype: "xfs" } : { InstanceId: id };
      defs.push({ connectionId: args.connectionId, region: "us-east-1", resourceKind: "ec2_instance", resourceId: id, namespace, metric, dimensions, stat: metric === "StatusCheckFailed" ? "Maximum" : "Average", unit, periodSeconds: 60 });
    }
  }
  const rows = [];
  for (let i = 0; i < defs.length; i += 2000) rows.push(...(await withTenant(args.tenantId, (tx) => upsertSeries(tx, args.tenantId, defs.slice(i, i + 2000)), { db })));
  const ids = rows.map((r) => r.id);
  // Whole UTC days (partitions are days), from 30 days before today up to `end`.
  const start = Math.floor(args.end / DAY) * DAY - DAYS * DAY;
  await ensurePartitions(db, new Date(start), new Date(args.end));
  const days = Array.from({ length: DAYS + 1 }, (_, i) => start + i * DAY);
  const loadDay = async (day: number) => {
    const suffix = new Date(day).toISOString().slice(0, 10).replaceAll("-", "");
    const from = new Date(day).toISOString();
    const to = new Date(Math.min(day + DAY, args.end) - 60_000).toISOString();
    // Owner role, no tenant context needed: the benchmark writes like a bulk import would.
    await db.execute(sql`
      insert into ${sql.raw(`metric_points_p${suffix}`)} (tenant_id, series_id, ts, value, recorded_from, recorded_to)
      select ${args.tenantId}::uuid, s.id, ts,
             greatest(0, 40 + 30 * sin(extract(epoch from ts) / 5400.0 + s.id) + 10 * random()),
             ts + interval '2 minutes', 'infinity'
        from unnest(${sql.param(ids)}::int8[]) as s(id),
             generate_series(${from}::timestamptz, ${to}::timestamptz, interval '1 minute') as ts`);
    await db.execute(sql`
      insert into ${sql.raw(`metric_rollups_5m_p${suffix}`)} (tenant_id, series_id, bucket, min, max, sum, count)
      select tenant_id, series_id, date_bin(interval '5 minutes', ts, timestamptz '1970-01-01 00:00:00+00'), min(value), max(value), sum(value), count(*)
        from ${sql.raw(`metric_points_p${suffix}`)} group by 1, 2, 3`);
    await db.execute(sql`
      insert into ${sql.raw(`metric_rollups_1h_p${suffix}`)} (tenant_id, series_id, bucket, min, max, sum, count)
      select tenant_id, series_id, date_bin(interval '1 hour', bucket, timestamptz '1970-01-01 00:00:00+00'), min(min), max(max), sum(sum), sum(count)
        from ${sql.raw(`metric_rollups_5m_p${suffix}`)} group by 1, 2, 3`);
    await db.execute(sql.raw(`vacuum analyze metric_points_p${suffix}, metric_rollups_5m_p${suffix}, metric_rollups_1h_p${suffix}`));
    args.log(`loaded ${new Date(day).toISOString().slice(0, 10)}`);
  };
  const queue = [...days];
  await Promise.all([0, 1].map(async () => {
    for (let day = queue.shift(); day !== undefined; day = queue.shift()) await loadDay(day);
  }));
  await db.execute(sql`update series set last_point_at = ${new Date(args.end - 60_000).toISOString()}::timestamptz where tenant_id = ${args.tenantId}::uuid`);
  await db.execute(sql`analyze series`);
  const [{ points }] = (await db.execute<{ points: string }>(sql`select count(*)::text as points from metric_points where tenant_id = ${args.tenantId}::uuid`)).rows;
  return { series: rows, points: Number(points) };
}
