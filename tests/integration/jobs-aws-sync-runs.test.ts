import { and, eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { createDb, schema, withTenant, type Db } from "@/lib/db";
import { AWS_QUEUES, scheduleDueSyncs } from "@/lib/jobs";
import { runRetention, SYNC_RUNS_RETENTION_DAYS } from "@/lib/retention";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant, MINUTE } from "./aws-test-kit";

const DAY = 86_400_000;
let t: TestDatabase;
let boss: PgBoss;

beforeAll(async () => {
  t = await createTestDatabase();
  boss = new PgBoss({ connectionString: t.url, max: 2, supervise: false, schedule: false });
  await boss.start();
  for (const q of [AWS_QUEUES.initial, AWS_QUEUES.inventory, AWS_QUEUES.metrics, AWS_QUEUES.costs]) await boss.createQueue(q, { policy: "stately" });
});
afterAll(async () => {
  await boss?.stop({ graceful: false, timeout: 2000 });
  await t?.drop();
});

async function connection(ctx: TenantContext, regions: string[]): Promise<string> {
  const [row] = await withTenant(
    ctx.tenant.id,
    (tx) =>
      tx
        .insert(schema.awsConnections)
        .values({ tenantId: ctx.tenant.id, name: "prod", awsAccountId: "123456789012", roleArn: `arn:aws:iam::123456789012:role/r-${Math.random().toString(36).slice(2)}`, regions, metricsIntervalSeconds: 60, status: "healthy" })
        .returning({ id: schema.awsConnections.id }),
    { db: t.db },
  );
  return row!.id;
}

type Run = { region: string; kind: "initial" | "inventory" | "metrics" | "costs"; at: Date; status?: "running" | "succeeded" | "failed" };
async function insertRuns(ctx: TenantContext, connectionId: string, runs: Run[]): Promise<void> {
  await withTenant(
    ctx.tenant.id,
    (tx) =>
      tx.insert(schema.syncRuns).values(
        runs.map((r) => ({
          tenantId: ctx.tenant.id,
          connectionId,
          region: r.region,
          kind: r.kind,
          startedAt: r.at,
          status: r.status ?? "succeeded",
          finishedAt: r.status === "running" ? null : new Date(r.at.getTime() + 1000),
        })),
      ),
    { db: t.db },
  );
}

/** Jobs queued by the scheduler, as "queue region" (and removes them, so the next call starts clean). */
async function takeQueued(): Promise<string[]> {
  const r = await t.db.execute<{ name: string; region: string }>(sql`select name, data->>'region' as region from pgboss.job where state = 'created' order by name, data->>'region'`);
  await t.db.execute(sql`delete from pgboss.job`);
  return r.rows.map((row) => `${row.name} ${row.region}`);
}

/** Index entries and heap rows of sync_runs read on one connection while `fn` runs on it. */
async function syncRunsTuplesRead(fn: (db: Db) => Promise<unknown>): Promise<number> {
  const db = createDb(t.url, { max: 1 });
  const read = async () => {
    await db.execute(sql`select pg_stat_clear_snapshot()`);
    const r = await db.execute<{ n: string }>(sql`
      select (select coalesce(seq_tup_read, 0) from pg_stat_user_tables where relname = 'sync_runs')
           + (select coalesce(sum(idx_tup_read), 0) from pg_stat_user_indexes where relname = 'sync_runs') as n`);
    return Number(r.rows[0]?.n ?? 0);
  };
  try {
    const before = await read();
    await fn(db);
    // A backend publishes its counters at most once a second unless asked to; this asks.
    await db.execute(sql`select pg_stat_force_next_flush()`);
    await db.execute(sql`select 1`);
    return (await read()) - before;
  } finally {
    await db.$client.end();
  }
}

describe("the scheduler", () => {
  it("reads a window of a tenant's sync history, not all of it, and still finds what is due", async () => {
    const ctx = await createTenant(t.db);
    const id = await connection(ctx, ["us-east-1", "eu-west-1"]);
    const now = new Date();
    // 20 days of history: metrics every minute and inventory every 5 minutes per region, costs every 6 hours.
    await withTenant(
      ctx.tenant.id,
      (tx) =>
        tx.execute(sql`
          insert into sync_runs (tenant_id, connection_id, region, kind, started_at, finished_at, status)
          select ${ctx.tenant.id}, ${id}, region, kind, at, at + interval '2 seconds', 'succeeded'
            from unnest(array['us-east-1', 'eu-west-1']) as region,
                 lateral (select 'metrics' as kind, g as at from generate_series(${new Date(now.getTime() - 2 * MINUTE).toISOString()}::timestamptz, ${new Date(now.getTime() - 20 * DAY).toISOString()}::timestamptz, interval '-1 minute') g
                          union all
                          select 'inventory', g from generate_series(${new Date(now.getTime() - 2 * MINUTE).toISOString()}::timestamptz, ${new Date(now.getTime() - 20 * DAY).toISOString()}::timestamptz, interval '-5 minutes') g) runs`),
      { db: t.db },
    );
    const costs: Run[] = [];
    for (let at = now.getTime() - 3 * 3600_000; at >= now.getTime() - 20 * DAY; at -= 6 * 3600_000) costs.push({ region: "global", kind: "costs", at: new Date(at) });
    await insertRuns(ctx, id, [{ region: "all", kind: "initial", at: new Date(now.getTime() - 21 * DAY) }, ...costs]);
    await t.db.execute(sql`analyze sync_runs`);
    const [{ n: total } = { n: 0 }] = (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from sync_runs`)).rows;
    expect(total).toBeGreaterThan(60_000);

    const read = await syncRunsTuplesRead((db) => scheduleDueSyncs(boss, db, { tenantIds: [ctx.tenant.id], now }));
    // The last metrics runs were 2 minutes ago (every minute is due); inventory 2 minutes ago and costs 3 hours ago are not.
    expect(await takeQueued()).toEqual([`${AWS_QUEUES.metrics} eu-west-1`, `${AWS_QUEUES.metrics} us-east-1`]);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(1_000);

    // 7 hours on, everything is due; the initial sync, 21 days back, is still known to have happened.
    await scheduleDueSyncs(boss, t.db, { tenantIds: [ctx.tenant.id], now: new Date(now.getTime() + 7 * 3600_000) });
    expect(await takeQueued()).toEqual([
      `${AWS_QUEUES.costs} global`,
      `${AWS_QUEUES.inventory} eu-west-1`,
      `${AWS_QUEUES.inventory} us-east-1`,
      `${AWS_QUEUES.metrics} eu-west-1`,
      `${AWS_QUEUES.metrics} us-east-1`,
    ]);
  });
});

describe("sync history retention", () => {
  it(`deletes runs older than ${SYNC_RUNS_RETENTION_DAYS} days but keeps each key's newest and newest finished run`, async () => {
    const ctx = await createTenant(t.db);
    const other = await createTenant(t.db);
    const id = await connection(ctx, ["us-east-1"]);
    const otherId = await connection(other, ["us-east-1"]);
    const now = new Date();
    const daysAgo = (d: number) => new Date(now.getTime() - d * DAY);
    await insertRuns(ctx, id, [
      { region: "all", kind: "initial", at: daysAgo(60) },
      // us-east-1 metrics: old runs go, recent ones stay.
      { region: "us-east-1", kind: "metrics", at: daysAgo(45) },
      { region: "us-east-1", kind: "metrics", at: daysAgo(31) },
      { region: "us-east-1", kind: "metrics", at: daysAgo(29) },
      { region: "us-east-1", kind: "metrics", at: daysAgo(1) },
      // eu-west-1 was unticked 40 days ago: its last run stays (and the one before goes).
      { region: "eu-west-1", kind: "inventory", at: daysAgo(41) },
      { region: "eu-west-1", kind: "inventory", at: daysAgo(40) },
      // Costs: the newest run was left running by a killed worker; the last finished one stays too.
      { region: "global", kind: "costs", at: daysAgo(50) },
      { region: "global", kind: "costs", at: daysAgo(44), status: "failed" },
      { region: "global", kind: "costs", at: daysAgo(38), status: "running" },
    ]);
    await insertRuns(other, otherId, [
      { region: "us-east-1", kind: "metrics", at: daysAgo(40) },
      { region: "us-east-1", kind: "metrics", at: daysAgo(2) },
    ]);

    const result = await runRetention({ db: t.db, now });
    const kept = async (c: TenantContext, connectionId: string) =>
      (
        await withTenant(
          c.tenant.id,
          (tx) =>
            tx
              .select({ region: schema.syncRuns.region, kind: schema.syncRuns.kind, startedAt: schema.syncRuns.startedAt })
              .from(schema.syncRuns)
              .where(and(eq(schema.syncRuns.tenantId, c.tenant.id), eq(schema.syncRuns.connectionId, connectionId)))
              .orderBy(schema.syncRuns.kind, schema.syncRuns.region, schema.syncRuns.startedAt),
          { db: t.db },
        )
      ).map((r) => `${r.kind} ${r.region} ${Math.round((now.getTime() - r.startedAt.getTime()) / DAY)}`);
    expect(await kept(ctx, id)).toEqual([
      "costs global 44",
      "costs global 38",
      "initial all 60",
      "inventory eu-west-1 40",
      "metrics us-east-1 29",
      "metrics us-east-1 1",
    ]);
    expect(await kept(other, otherId)).toEqual(["metrics us-east-1 2"]);
    expect(result.deletedSyncRuns).toBe(5);
    const [last] = await t.db.select().from(schema.retentionRuns).orderBy(sql`${schema.retentionRuns.id} desc`).limit(1);
    expect(last?.details).toMatchObject({ deletedSyncRuns: 5 });
    expect((await runRetention({ db: t.db, now })).deletedSyncRuns).toBe(0);

    // The pruned history still tells the scheduler the first sync happened: no second initial sync.
    await t.db.execute(sql`delete from pgboss.job`);
    await scheduleDueSyncs(boss, t.db, { tenantIds: [ctx.tenant.id], now });
    expect(await takeQueued()).toEqual([`${AWS_QUEUES.costs} global`, `${AWS_QUEUES.inventory} us-east-1`, `${AWS_QUEUES.metrics} us-east-1`]);
  });
});
