import os from "node:os";
import { sql } from "drizzle-orm";
import { signUp } from "@/lib/auth";
import { createDb, withTenant, type Db } from "@/lib/db";
import { upsertSeries, writePoints, type Point, type SeriesDef } from "@/lib/metrics";
import type { Benchmark, Figure } from "../run";
import { benchDatabase } from "../lib/bench-database";

/*
 * The cost of the row-level-security policy on the metric write and read paths, with the tenant
 * test written two ways, alternated in one process on the same data:
 * - per row: `tenant_id = app_current_tenant()` — the SQL function is inlined, so
 *   current_setting() and the text → uuid cast run for every row checked;
 * - per statement: `tenant_id = (select app_current_tenant())` — an InitPlan, evaluated once.
 */
const SERIES = 2000;
const PER_SERIES = 20;
const ROUNDS = 4;
const MINUTE = 60_000;

const POLICY = {
  perRow: "app_current_tenant()",
  perStatement: "(select app_current_tenant())",
} as const;
type Policy = keyof typeof POLICY;

async function setPolicy(db: Db, policy: Policy) {
  const expr = POLICY[policy];
  await db.execute(sql.raw(`alter policy tenant_isolation on metric_points using (tenant_id = ${expr}) with check (tenant_id = ${expr})`));
  await db.execute(sql.raw(`alter policy tenant_isolation on metric_rollups_5m using (tenant_id = ${expr}) with check (tenant_id = ${expr})`));
  await db.execute(sql.raw(`alter policy tenant_isolation on metric_rollups_1h using (tenant_id = ${expr}) with check (tenant_id = ${expr})`));
  await db.execute(sql.raw(`alter policy tenant_isolation on series using (tenant_id = ${expr}) with check (tenant_id = ${expr})`));
}

const bench: Benchmark = async () => {
  const loadAtStart = os.loadavg()[0];
  const { url, cleanup } = await benchDatabase("rls");
  const db = createDb(url, { max: 4 });
  try {
    const signed = await signUp({ db, input: { name: "Bench", email: "rls@acme.test", password: "correct horse battery", company: "Bench", slug: "bench-rls", plan: "free" } });
    const tenantId = signed.tenantId;
    const defs: SeriesDef[] = Array.from({ length: SERIES }, (_, i) => ({
      connectionId: "00000000-0000-4000-8000-000000000001",
      region: "us-east-1",
      resourceKind: "ec2_instance",
      resourceId: `i-${i.toString(16).padStart(17, "0")}`,
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { InstanceId: `i-${i.toString(16).padStart(17, "0")}` },
      stat: "Average",
      unit: "Percent",
      periodSeconds: 60,
    }));
    const series = await withTenant(tenantId, (tx) => upsertSeries(tx, tenantId, defs), { db });
    const base = Date.UTC(2026, 10, 1);
    let slot = 0;
    const write = async () => {
      const start = base + slot++ * PER_SERIES * MINUTE;
      const points: Point[] = [];
      for (const s of series) for (let i = 0; i < PER_SERIES; i++) points.push({ seriesId: s.id, ts: new Date(start + i * MINUTE), value: Math.random() * 100 });
      const t0 = performance.now();
      const r = await withTenant(tenantId, (tx) => writePoints(tx, tenantId, points), { db });
      if (r.inserted !== points.length) throw new Error(`expected ${points.length} inserted, got ${r.inserted}`);
      return points.length / ((performance.now() - t0) / 1000);
    };
    const read = async () => {
      const t0 = performance.now();
      const rows = await withTenant(tenantId, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n, avg(value) from metric_points where tenant_id = ${tenantId}`), { db });
      const n = rows.rows[0]?.n ?? 0;
      return n / ((performance.now() - t0) / 1000);
    };
    const results: Record<Policy, { write: number[]; read: number[] }> = { perRow: { write: [], read: [] }, perStatement: { write: [], read: [] } };
    // Warm-up on both, untimed.
    for (const p of ["perRow", "perStatement"] as Policy[]) {
      await setPolicy(db, p);
      await write();
      await read();
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order: Policy[] = round % 2 ? ["perStatement", "perRow"] : ["perRow", "perStatement"];
      for (const p of order) {
        await setPolicy(db, p);
        results[p].write.push(await write());
        results[p].read.push(await read());
      }
    }
    const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
    const w = { perRow: median(results.perRow.write), perStatement: median(results.perStatement.write) };
    const r = { perRow: median(results.perRow.read), perStatement: median(results.perStatement.read) };
    const figures: Figure[] = [
      { figure: "writePoints, policy per row", value: w.perRow, unit: "points/s", note: `median of ${ROUNDS}; ${SERIES * PER_SERIES} new points per transaction` },
      { figure: "writePoints, policy per statement", value: w.perStatement, unit: "points/s", note: `median of ${ROUNDS}` },
      { figure: "write speed-up", value: w.perStatement / w.perRow, unit: "×", note: "" },
      { figure: "scan of a tenant's points, policy per row", value: r.perRow, unit: "rows/s", note: "count and average over all the tenant's points" },
      { figure: "scan, policy per statement", value: r.perStatement, unit: "rows/s", note: "" },
      { figure: "scan speed-up", value: r.perStatement / r.perRow, unit: "×", note: "" },
    ];
    return { figures, notes: [`${os.cpus().length} CPUs, load average ${loadAtStart.toFixed(2)} at the start, ${os.loadavg()[0].toFixed(2)} at the end (1-minute).`] };
  } finally {
    await db.$client.end();
    await cleanup();
  }
};

export default bench;
