import { listSeries, queryMetrics } from "@/lib/metrics";
import type { Tx } from "@/lib/db";

/*
 * Daily CPU of EC2 instances from the metric store (AWS/EC2 CPUUtilization, 5-minute averages).
 * Regular collection only backfills a few hours, so an instance has 14 days of evidence only
 * after Monitr has collected for two weeks or after the CPU backfill (cpu-backfill.ts) fetched
 * them; until then it is a candidate, not a finding.
 */
export const EVIDENCE_DAYS = 14;
const DAY_MS = 86_400_000;

export type CpuEvidence = {
  instanceId: string;
  /** UTC days with at least one point in the window. */
  days: number;
  average: number;
  busiestDay: number;
  peak: number;
  daily: { day: string; average: number; max: number }[];
};

/** The evidence window: the last EVIDENCE_DAYS whole UTC days plus today so far. */
export function evidenceWindow(now: Date): { from: Date; to: Date } {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { from: new Date(today - EVIDENCE_DAYS * DAY_MS), to: now };
}

export async function cpuEvidence(tx: Tx, instanceIds: string[], now: Date): Promise<Map<string, CpuEvidence>> {
  const out = new Map<string, CpuEvidence>();
  if (!instanceIds.length) return out;
  const series = (await listSeries(tx, { resourceKind: "ec2_instance", namespace: "AWS/EC2", metric: "CPUUtilization", resourceIds: instanceIds })).filter((s) => s.stat === "Average");
  if (!series.length) return out;
  const { from, to } = evidenceWindow(now);
  const query = (stat: "avg" | "max") => queryMetrics(tx, { seriesIds: series.map((s) => s.id), from, to, stat, step: 86_400 });
  const [avg, max] = [await query("avg"), await query("max")];
  for (const s of series) {
    const a = avg.series.find((x) => x.seriesId === s.id)?.points ?? [];
    const m = max.series.find((x) => x.seriesId === s.id)?.points ?? [];
    if (!a.length) continue;
    const maxByTs = new Map(m.map((p) => [p.ts.getTime(), p.value]));
    const daily = a.map((p) => ({ day: p.ts.toISOString().slice(0, 10), average: p.value, max: maxByTs.get(p.ts.getTime()) ?? p.value }));
    out.set(s.resourceId, {
      instanceId: s.resourceId,
      days: new Set(daily.map((d) => d.day)).size,
      average: daily.reduce((x, d) => x + d.average, 0) / daily.length,
      busiestDay: Math.max(...daily.map((d) => d.average)),
      peak: Math.max(...daily.map((d) => d.max)),
      daily,
    });
  }
  return out;
}
