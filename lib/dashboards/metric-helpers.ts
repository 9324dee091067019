import { listSeries, queryMetrics, type MetricStat, type SeriesRow } from "@/lib/metrics";
import type { Tx } from "@/lib/db";

export type Spark = { values: (number | null)[]; mean: number | null; peak: number | null };

/** Series of one metric for every resource of a kind, grouped by resource id. */
export async function seriesByResource(tx: Tx, filter: { resourceKind: string; namespace: string; metric: string; resourceIds?: string[] }): Promise<Map<string, SeriesRow[]>> {
  const rows = await listSeries(tx, filter);
  const out = new Map<string, SeriesRow[]>();
  for (const row of rows) out.set(row.resourceId, [...(out.get(row.resourceId) ?? []), row]);
  return out;
}

/**
 * One bucketed query for many series, aligned on a shared set of buckets so every sparkline has
 * the same length (gaps are null). Returns per series id.
 */
export async function sparklines(
  tx: Tx,
  args: { seriesIds: number[]; from: Date; to: Date; asOf?: Date; stat: MetricStat; points: number },
): Promise<{ bySeries: Map<number, Spark>; bucketSeconds: number }> {
  if (args.seriesIds.length === 0) return { bySeries: new Map(), bucketSeconds: 0 };
  const result = await queryMetrics(tx, { seriesIds: args.seriesIds, from: args.from, to: args.to, stat: args.stat, maxPoints: args.points, ...(args.asOf ? { asOf: args.asOf } : {}) });
  const b = result.bucketSeconds * 1000;
  const first = Math.floor(args.from.getTime() / b) * b;
  const count = Math.floor((args.to.getTime() - 1) / b) - Math.floor(args.from.getTime() / b) + 1;
  const bySeries = new Map<number, Spark>();
  for (const s of result.series) {
    const values: (number | null)[] = new Array<number | null>(count).fill(null);
    for (const p of s.points) {
      const i = Math.round((p.ts.getTime() - first) / b);
      if (i >= 0 && i < count) values[i] = p.value;
    }
    const present = s.points.map((p) => p.value);
    bySeries.set(s.seriesId, {
      values,
      mean: present.length ? present.reduce((a, v) => a + v, 0) / present.length : null,
      peak: present.length ? Math.max(...present) : null,
    });
  }
  return { bySeries, bucketSeconds: result.bucketSeconds };
}

/** The last value of each series in the final `windowMs` of the range (null when none). */
export async function latestValues(tx: Tx, args: { seriesIds: number[]; to: Date; asOf?: Date; stat: MetricStat; windowMs: number }): Promise<Map<number, number | null>> {
  const out = new Map<number, number | null>();
  if (args.seriesIds.length === 0) return out;
  const result = await queryMetrics(tx, { seriesIds: args.seriesIds, from: new Date(args.to.getTime() - args.windowMs), to: args.to, stat: args.stat, ...(args.asOf ? { asOf: args.asOf } : {}) });
  for (const s of result.series) out.set(s.seriesId, s.points.length ? s.points[s.points.length - 1].value : null);
  return out;
}

/** Sum of a series' bucket values (exact for `sum`, whatever the bucket width). */
export async function totals(tx: Tx, args: { seriesIds: number[]; from: Date; to: Date; asOf?: Date }): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (args.seriesIds.length === 0) return out;
  const result = await queryMetrics(tx, { seriesIds: args.seriesIds, from: args.from, to: args.to, stat: "sum", maxPoints: 30, ...(args.asOf ? { asOf: args.asOf } : {}) });
  for (const s of result.series) if (s.points.length) out.set(s.seriesId, s.points.reduce((a, p) => a + p.value, 0));
  return out;
}
