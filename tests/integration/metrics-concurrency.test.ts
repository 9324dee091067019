import crypto from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema, sqlState, withTenant, type Tx } from "@/lib/db";
import { upsertSeries, writePoints, type Point, type SeriesRow, type WriteResult } from "@/lib/metrics";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";

const MIN = 60_000;
let t: TestDatabase;
let tenant: string;
let series: SeriesRow[];
let nextDay = 2;

beforeAll(async () => {
  t = await createTestDatabase();
  const [a] = await t.db.insert(schema.tenants).values({ slug: "acme", name: "Acme" }).returning();
  tenant = a.id;
  const connectionId = crypto.randomUUID();
  series = await withTenant(
    tenant,
    (tx) =>
      upsertSeries(
        tx,
        tenant,
        Array.from({ length: 20 }, (_, i) => ({
          connectionId,
          region: "us-east-1",
          resourceKind: "ec2_instance",
          resourceId: `i-${i}`,
          namespace: "AWS/EC2",
          metric: "CPUUtilization",
          dimensions: { InstanceId: `i-${i}` },
          stat: "Average",
          unit: "Percent",
          periodSeconds: 60,
        })),
      ),
    { db: t.db },
  );
});
afterAll(() => t?.drop());

/** A batch on a day no other test uses: 20 series × `minutes` points. */
function batch(minutes: number, value: (s: number, m: number) => number, offsetMinutes = 0): Point[] {
  const base = Math.floor(Date.now() / 86_400_000) * 86_400_000 - nextDay * 86_400_000 + offsetMinutes * MIN;
  return series.flatMap((s, si) => Array.from({ length: minutes }, (_, m) => ({ seriesId: s.id, ts: new Date(base + m * MIN), value: value(si, m) })));
}

async function waitForLockWaiter(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const r = await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
    if (r.rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("the second writer never waited for the first");
}

/**
 * The first writer writes and keeps its transaction open until the second is provably waiting
 * on a lock, so the interleaving under test really happens.
 */
async function race(first: Point[], second: Point[]): Promise<[WriteResult, WriteResult]> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let wrote!: () => void;
  const firstWrote = new Promise<void>((resolve) => (wrote = resolve));
  const w1 = withTenant(
    tenant,
    async (tx: Tx) => {
      const result = await writePoints(tx, tenant, first);
      wrote();
      await gate;
      return result;
    },
    { db: t.db },
  );
  await firstWrote;
  const w2 = withTenant(tenant, (tx) => writePoints(tx, tenant, second), { db: t.db });
  await waitForLockWaiter();
  release();
  return Promise.all([w1, w2]);
}

async function stateOf(points: Point[]) {
  const from = new Date(Math.min(...points.map((p) => p.ts.getTime())));
  const to = new Date(Math.max(...points.map((p) => p.ts.getTime())) + 1);
  const r = await withTenant(
    tenant,
    (tx) =>
      tx.execute<{ current: number; closed: number; keys: number; max_per_key: number }>(sql`
        select count(*) filter (where recorded_to = 'infinity')::int as current,
               count(*) filter (where recorded_to <> 'infinity')::int as closed,
               count(distinct (series_id, ts))::int as keys,
               coalesce(max(c), 0)::int as max_per_key
          from metric_points p
          left join lateral (select count(*) as c from metric_points q
                              where q.series_id = p.series_id and q.ts = p.ts and q.recorded_to = 'infinity') x on true
         where ts >= ${from.toISOString()}::timestamptz and ts < ${to.toISOString()}::timestamptz`),
    { db: t.db },
  );
  return r.rows[0];
}

async function rollupCounts(points: Point[]): Promise<number> {
  const from = new Date(Math.min(...points.map((p) => p.ts.getTime())));
  const r = await withTenant(
    tenant,
    (tx) =>
      tx.execute<{ n: number }>(sql`
        select coalesce(sum(count), 0)::int as n from metric_rollups_5m
         where bucket >= ${new Date(from.getTime() - 3_600_000).toISOString()}::timestamptz
           and bucket < ${new Date(from.getTime() + 86_400_000).toISOString()}::timestamptz`),
    { db: t.db },
  );
  return r.rows[0].n;
}

describe("concurrent writePoints", () => {
  it("two writers of the same batch leave exactly one current version per (series, ts)", async () => {
    nextDay++;
    const points = batch(30, (s, m) => s * 100 + m);
    const [r1, r2] = await race(points, points);
    expect(r1).toEqual({ inserted: 600, revised: 0, unchanged: 0 });
    expect(r2).toEqual({ inserted: 0, revised: 0, unchanged: 600 });
    expect(await stateOf(points)).toEqual({ current: 600, closed: 0, keys: 600, max_per_key: 1 });
    expect(await rollupCounts(points)).toBe(600);
  });

  it("two writers with different values for the same points: the later one revises, no duplicates", async () => {
    nextDay++;
    const first = batch(30, () => 1);
    const second = batch(30, () => 2);
    const [r1, r2] = await race(first, second);
    expect(r1).toEqual({ inserted: 600, revised: 0, unchanged: 0 });
    expect(r2).toEqual({ inserted: 0, revised: 600, unchanged: 0 });
    expect(await stateOf(first)).toEqual({ current: 600, closed: 600, keys: 600, max_per_key: 1 });
    const sum = await withTenant(tenant, (tx) => tx.execute<{ s: number }>(sql`
      select sum(sum)::float8 as s from metric_rollups_1h
       where bucket >= ${new Date(first[0].ts.getTime() - 3_600_000).toISOString()}::timestamptz
         and bucket < ${new Date(first[0].ts.getTime() + 86_400_000).toISOString()}::timestamptz`), { db: t.db });
    expect(sum.rows[0].s).toBe(1200);
  });

  it("writers of different points in the same buckets both end up in the rollups", async () => {
    nextDay++;
    // Minutes 0, 2, 4 … and 1, 3, 5 …: every 5-minute bucket gets points from both writers.
    const even = batch(30, () => 1).filter((_, i) => i % 2 === 0);
    const odd = batch(30, () => 1).filter((_, i) => i % 2 === 1);
    await race(even, odd);
    expect(await rollupCounts([...even, ...odd])).toBe(600);
  });

  it("stays duplicate-free when many writers race without coordination", async () => {
    nextDay++;
    const points = batch(15, (s, m) => s + m);
    const results = await Promise.all(Array.from({ length: 4 }, () => withTenant(tenant, (tx) => writePoints(tx, tenant, points), { db: t.db })));
    expect(results.reduce((n, r) => n + r.inserted, 0)).toBe(300);
    expect(results.reduce((n, r) => n + r.unchanged, 0)).toBe(900);
    expect(await stateOf(points)).toEqual({ current: 300, closed: 0, keys: 300, max_per_key: 1 });
  });

  it("the partial unique index itself refuses a second current version", async () => {
    nextDay++;
    const [p] = batch(1, () => 5);
    await withTenant(tenant, (tx) => writePoints(tx, tenant, [p]), { db: t.db });
    const error = await withTenant(tenant, (tx) => tx.execute(sql`
      insert into metric_points (tenant_id, series_id, ts, value) values (${tenant}, ${p.seriesId}, ${p.ts.toISOString()}::timestamptz, 6)`), { db: t.db }).catch((e) => e);
    expect(sqlState(error)).toBe("23505");
  });
});
