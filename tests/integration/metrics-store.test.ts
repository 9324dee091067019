import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, sqlState, withTenant, type Tx } from "@/lib/db";
import { NotFoundError } from "@/lib/http/errors";
import { dropPartitionsBefore, ensurePartitions, listSeries, queryMetrics, upsertSeries, writePoints, type SeriesDef } from "@/lib/metrics";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const DAY = 86_400_000;
const MIN = 60_000;
let t: TestDatabase;
let tenantA: string;
let tenantB: string;
const connectionId = crypto.randomUUID();
// Whole UTC days in the past, so each test owns its own partitions.
const dayStart = (daysAgo: number) => Math.floor(Date.now() / DAY) * DAY - daysAgo * DAY;

function def(instance: string, metric = "CPUUtilization", extra: Partial<SeriesDef> = {}): SeriesDef {
  return {
    connectionId,
    region: "eu-west-1",
    resourceKind: "ec2_instance",
    resourceId: instance,
    namespace: "AWS/EC2",
    metric,
    dimensions: { InstanceId: instance },
    stat: "Average",
    unit: "Percent",
    periodSeconds: 60,
    ...extra,
  };
}

const inA = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tenantA, fn, { db: t.db });
const inB = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tenantB, fn, { db: t.db });

async function versions(seriesId: number) {
  const r = await inA((tx) =>
    tx.execute<{ ts: number; value: number; current: boolean; recorded_from: number; recorded_to_ms: number }>(sql`
      select (extract(epoch from ts) * 1000)::float8 as ts, value, recorded_to = 'infinity' as current,
             (extract(epoch from recorded_from) * 1000)::float8 as recorded_from,
             (extract(epoch from recorded_to) * 1000)::float8 as recorded_to_ms
        from metric_points where series_id = ${seriesId} order by ts, recorded_from`),
  );
  return r.rows;
}

async function partitionNames(): Promise<string[]> {
  const r = await t.db.execute<{ name: string }>(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
     join pg_class p on p.oid = i.inhparent where p.relname = 'metric_points' order by 1`);
  return r.rows.map((row) => row.name);
}

/**
 * Rollup rows of these series that differ from the aggregates of their current raw points (in
 * either direction: missing, extra or wrong), and how many rollup rows there are.
 */
async function rollupMismatches(seriesIds: number[]) {
  const r = await inA((tx) =>
    tx.execute<{ five: number; hour: number; buckets: number }>(sql`
      with raw as (select series_id, ts, value from metric_points where series_id = any(${sql.param(seriesIds)}::int8[]) and recorded_to = 'infinity'),
      want5 as (select series_id, date_bin('5 minutes', ts, 'epoch') as bucket, min(value) as min, max(value) as max, sum(value) as sum, count(*)::int as count from raw group by 1, 2),
      want1 as (select series_id, date_bin('1 hour', ts, 'epoch') as bucket, min(value) as min, max(value) as max, sum(value) as sum, count(*)::int as count from raw group by 1, 2),
      have5 as (select series_id, bucket, min, max, sum, count from metric_rollups_5m where series_id = any(${sql.param(seriesIds)}::int8[])),
      have1 as (select series_id, bucket, min, max, sum, count from metric_rollups_1h where series_id = any(${sql.param(seriesIds)}::int8[]))
      select (select count(*) from ((select * from want5 except select * from have5) union all (select * from have5 except select * from want5)) d)::int as five,
             (select count(*) from ((select * from want1 except select * from have1) union all (select * from have1 except select * from want1)) d)::int as hour,
             ((select count(*) from have5) + (select count(*) from have1))::int as buckets`),
  );
  return r.rows[0];
}

beforeAll(async () => {
  t = await createTestDatabase();
  const [a] = await t.db.insert(schema.tenants).values({ slug: "acme", name: "Acme" }).returning();
  const [b] = await t.db.insert(schema.tenants).values({ slug: "globex", name: "Globex" }).returning();
  tenantA = a.id;
  tenantB = b.id;
});
afterAll(() => t?.drop());

describe("upsertSeries", () => {
  it("is idempotent, returns rows in input order and treats dimension order as irrelevant", async () => {
    const defs = [def("i-1"), def("i-2"), def("i-1", "NetworkIn", { unit: "Bytes" })];
    const first = await inA((tx) => upsertSeries(tx, tenantA, defs));
    expect(first.map((s) => [s.resourceId, s.metric])).toEqual([["i-1", "CPUUtilization"], ["i-2", "CPUUtilization"], ["i-1", "NetworkIn"]]);
    expect(new Set(first.map((s) => s.id)).size).toBe(3);
    expect(first[0]).toMatchObject({ tenantId: tenantA, connectionId, dimensions: { InstanceId: "i-1" }, periodSeconds: 60, lastPointAt: null });

    const again = await inA((tx) => upsertSeries(tx, tenantA, [defs[2], defs[0], defs[0]]));
    expect(again.map((s) => s.id)).toEqual([first[2].id, first[0].id, first[0].id]);

    const multi = { ...def("c", "node_cpu_utilization"), dimensions: { ClusterName: "c", NodeName: "n" } };
    const [x] = await inA((tx) => upsertSeries(tx, tenantA, [multi]));
    const [y] = await inA((tx) => upsertSeries(tx, tenantA, [{ ...multi, dimensions: { NodeName: "n", ClusterName: "c" } }]));
    expect(y.id).toBe(x.id);
  });

  it("updates descriptive attributes of an existing series instead of creating another", async () => {
    const [before] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-9")]));
    const [after] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-9", "CPUUtilization", { periodSeconds: 300, resourceId: "i-9b" })]));
    expect(after.id).toBe(before.id);
    expect(after).toMatchObject({ periodSeconds: 300, resourceId: "i-9b" });
  });

  it("keeps tenants apart: the same definition is another series in tenant B, invisible to A", async () => {
    const [a] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-1")]));
    const [b] = await inB((tx) => upsertSeries(tx, tenantB, [def("i-1")]));
    expect(b.id).not.toBe(a.id);
    expect(b.tenantId).toBe(tenantB);
    const seenByB = await inB((tx) => listSeries(tx, {}));
    expect(seenByB.map((s) => s.id)).toEqual([b.id]);
    const error = await inA((tx) => upsertSeries(tx, tenantB, [def("i-77")])).catch((e) => e);
    expect(sqlState(error)).toBe("42501");
  });

  it("lists by connection, kind, resource ids, namespace and metric", async () => {
    const rows = await inA((tx) => listSeries(tx, { resourceKind: "ec2_instance", resourceIds: ["i-1"], namespace: "AWS/EC2" }));
    expect(rows.map((r) => r.metric).sort()).toEqual(["CPUUtilization", "NetworkIn"]);
    expect(await inA((tx) => listSeries(tx, { metric: "NetworkIn", connectionId }))).toHaveLength(1);
    expect(await inA((tx) => listSeries(tx, { connectionId: crypto.randomUUID() }))).toEqual([]);
  });
});

describe("writePoints", () => {
  it("counts new, unchanged and revised points and keeps the old version closed", async () => {
    const [s] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-w1")]));
    const base = dayStart(3) + 10 * 3_600_000;
    const points = [0, 1, 2].map((i) => ({ seriesId: s.id, ts: new Date(base + i * MIN), value: i }));
    expect(await inA((tx) => writePoints(tx, tenantA, points))).toEqual({ inserted: 3, revised: 0, unchanged: 0 });
    expect(await inA((tx) => writePoints(tx, tenantA, points))).toEqual({ inserted: 0, revised: 0, unchanged: 3 });

    const revisedAt = new Date();
    const changed = [points[0], { ...points[1], value: 42 }, { seriesId: s.id, ts: new Date(base + 3 * MIN), value: 3 }];
    expect(await inA((tx) => writePoints(tx, tenantA, changed, revisedAt))).toEqual({ inserted: 1, revised: 1, unchanged: 1 });

    const rows = await versions(s.id);
    expect(rows.map((r) => [r.ts - base, r.value, r.current])).toEqual([
      [0, 0, true],
      [MIN, 1, false],
      [MIN, 42, true],
      [2 * MIN, 2, true],
      [3 * MIN, 3, true],
    ]);
    const old = rows[1];
    const next = rows[2];
    expect(old.recorded_to_ms).toBe(revisedAt.getTime());
    expect(next.recorded_from).toBe(revisedAt.getTime());

    const [listed] = await inA((tx) => listSeries(tx, { resourceIds: ["i-w1"] }));
    expect(listed.lastPointAt?.getTime()).toBe(base + 3 * MIN);
  });

  it("keeps the last of repeated (series, ts) pairs in one batch", async () => {
    const [s] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-dup")]));
    const ts = new Date(dayStart(3) + 5 * MIN);
    const result = await inA((tx) => writePoints(tx, tenantA, [{ seriesId: s.id, ts, value: 1 }, { seriesId: s.id, ts, value: 2 }]));
    expect(result).toEqual({ inserted: 1, revised: 0, unchanged: 1 });
    expect((await versions(s.id)).map((r) => r.value)).toEqual([2]);
  });

  it("stays correct when a point exists beyond last_point_at (written around writePoints)", async () => {
    const [s] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-around")]));
    const base = dayStart(4);
    await ensurePartitions(t.db, new Date(base), new Date(base));
    await inA((tx) => tx.execute(sql`
      insert into metric_points (tenant_id, series_id, ts, value) values (${tenantA}, ${s.id}, ${new Date(base).toISOString()}::timestamptz, 1)`));
    const result = await inA((tx) =>
      writePoints(tx, tenantA, [
        { seriesId: s.id, ts: new Date(base), value: 5 },
        { seriesId: s.id, ts: new Date(base + MIN), value: 7 },
      ]),
    );
    expect(result).toEqual({ inserted: 1, revised: 1, unchanged: 0 });
    expect((await versions(s.id)).filter((v) => v.current).map((v) => v.value)).toEqual([5, 7]);
    const q = await inA((tx) => queryMetrics(tx, { seriesIds: [s.id], from: new Date(base), to: new Date(base + 2 * 86_400_000), stat: "sum", step: 3600 }));
    expect(q.series[0].points.map((p) => p.value)).toEqual([12]);
  });

  it("back-fills, re-sends and revises older points in one batch, with rollups equal to the raw points", async () => {
    const [s, u] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-mix"), def("i-mix-2")]));
    const base = dayStart(5) + 10 * 3_600_000;
    const at = (m: number, value: number, seriesId = s.id) => ({ seriesId, ts: new Date(base + m * MIN), value });
    // 10:00–10:29 stored, then a back-fill of 08:50–09:09 (before every stored point, across an hour).
    const stored = Array.from({ length: 30 }, (_, m) => at(m, m));
    expect(await inA((tx) => writePoints(tx, tenantA, stored))).toEqual({ inserted: 30, revised: 0, unchanged: 0 });
    const backfill = Array.from({ length: 20 }, (_, m) => at(m - 70, 100 + m));
    expect(await inA((tx) => writePoints(tx, tenantA, backfill))).toEqual({ inserted: 20, revised: 0, unchanged: 0 });
    expect(await rollupMismatches([s.id])).toEqual({ five: 0, hour: 0, buckets: 6 + 1 + 4 + 2 });

    // One batch: unchanged re-reads, two revisions, a gap filled in the past, new points after the
    // last one, and a second series that has no points yet.
    const revisedAt = new Date();
    const mixed = [at(-70, 100), at(-69, 999), at(0, 0), at(5, -5), at(6, 6), at(-30, 7), at(30, 30), at(31, 31), at(0, 1, u.id)];
    expect(await inA((tx) => writePoints(tx, tenantA, mixed, revisedAt))).toEqual({ inserted: 4, revised: 2, unchanged: 3 });
    expect(await rollupMismatches([s.id, u.id])).toMatchObject({ five: 0, hour: 0 });
    const rows = await versions(s.id);
    expect(rows.filter((r) => !r.current).map((r) => [r.ts - base, r.value, r.recorded_to_ms])).toEqual([
      [-69 * MIN, 101, revisedAt.getTime()],
      [5 * MIN, 5, revisedAt.getTime()],
    ]);
    expect(rows.filter((r) => r.current)).toHaveLength(53);
  });

  it("recomputes the rollups when a rollup row was written around writePoints", async () => {
    const [s] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-rollup-around")]));
    const base = dayStart(6);
    await ensurePartitions(t.db, new Date(base), new Date(base));
    await inA((tx) => tx.execute(sql`
      insert into metric_rollups_5m (tenant_id, series_id, bucket, min, max, sum, count)
      values (${tenantA}, ${s.id}, ${new Date(base).toISOString()}::timestamptz, 50, 50, 50, 1)`));
    const points = [0, 1, 2].map((m) => ({ seriesId: s.id, ts: new Date(base + m * MIN), value: m + 1 }));
    expect(await inA((tx) => writePoints(tx, tenantA, points))).toEqual({ inserted: 3, revised: 0, unchanged: 0 });
    expect(await rollupMismatches([s.id])).toEqual({ five: 0, hour: 0, buckets: 2 });
  });

  it("refuses series of another tenant or unknown ids, and writes nothing", async () => {
    const [b] = await inB((tx) => upsertSeries(tx, tenantB, [def("i-b1")]));
    const ts = new Date(dayStart(3));
    const error = await inA((tx) => writePoints(tx, tenantA, [{ seriesId: b.id, ts, value: 1 }])).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const count = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from metric_points where series_id = ${b.id}`);
    expect(count.rows[0].n).toBe(0);
  });

  it("rejects non-finite values and timestamps outside the accepted window", async () => {
    const [s] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-bad")]));
    await expect(inA((tx) => writePoints(tx, tenantA, [{ seriesId: s.id, ts: new Date(dayStart(1)), value: Number.NaN }]))).rejects.toThrow(/finite/);
    await expect(inA((tx) => writePoints(tx, tenantA, [{ seriesId: s.id, ts: new Date("1990-01-01T00:00:00Z"), value: 1 }]))).rejects.toThrow(/outside/);
  });
});

describe("partitions", () => {
  it("are created on demand by a write, have forced RLS, and are dropped whole by retention", async () => {
    const day = dayStart(15);
    const name = `metric_points_p${new Date(day).toISOString().slice(0, 10).replaceAll("-", "")}`;
    expect(await partitionNames()).not.toContain(name);
    const [s] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-part")]));
    await inA((tx) => writePoints(tx, tenantA, [{ seriesId: s.id, ts: new Date(day + 60 * MIN), value: 1 }]));
    expect(await partitionNames()).toContain(name);

    const unprotected = await t.db.execute(sql`
      select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
       where c.relname like 'metric_%' and c.relkind in ('r', 'p')
         and not (c.relrowsecurity and c.relforcerowsecurity
                  and exists (select 1 from pg_policies p where p.tablename = c.relname and p.policyname = 'tenant_isolation'))`);
    expect(unprotected.rows).toEqual([]);

    const { created } = await ensurePartitions(t.db, new Date(dayStart(20)), new Date(dayStart(18)));
    expect(created).toHaveLength(9);
    expect((await ensurePartitions(t.db, new Date(dayStart(20)), new Date(dayStart(18)))).created).toEqual([]);

    // A cut-off inside day 15 drops days 20…16 but keeps day 15, which it only partly covers.
    const { dropped } = await dropPartitionsBefore(t.db, new Date(dayStart(15) + 3_600_000));
    expect(dropped.filter((n) => n.startsWith("metric_points_p"))).toHaveLength(3);
    expect(dropped.every((n) => /^metric_(points|rollups_5m|rollups_1h)_p\d{8}$/.test(n))).toBe(true);
    expect(await partitionNames()).toContain(name);

    await dropPartitionsBefore(t.db, new Date(dayStart(14)));
    expect(await partitionNames()).not.toContain(name);
    const q = await inA((tx) => queryMetrics(tx, { seriesIds: [s.id], from: new Date(day), to: new Date(day + DAY), stat: "avg" }));
    expect(q.series[0].points).toEqual([]);
  });
});

describe("tenant isolation of points", () => {
  it("tenant B reads nothing of tenant A's points, even naming A's series ids", async () => {
    const [s] = await inA((tx) => upsertSeries(tx, tenantA, [def("i-secret")]));
    const base = dayStart(2);
    await inA((tx) => writePoints(tx, tenantA, [{ seriesId: s.id, ts: new Date(base), value: 99 }]));
    const q = { seriesIds: [s.id], from: new Date(base), to: new Date(base + 3_600_000), stat: "max" as const };
    expect((await inA((tx) => queryMetrics(tx, q))).series[0].points).toHaveLength(1);
    expect(await inB((tx) => queryMetrics(tx, q))).toMatchObject({ series: [{ seriesId: s.id, points: [] }] });
    const raw = await inB((tx) => tx.execute(sql`select * from metric_points where series_id = ${s.id}`));
    expect(raw.rows).toEqual([]);
    const rollups = await inB((tx) => tx.execute(sql`select * from metric_rollups_5m union all select * from metric_rollups_1h`));
    expect(rollups.rows).toEqual([]);
  });
});
