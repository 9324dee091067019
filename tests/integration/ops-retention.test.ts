import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { upsertSeries, writePoints } from "@/lib/metrics";
import { getRetentionSummary, runRetention } from "@/lib/retention";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant } from "./aws-test-kit";

const DAY = 86_400_000;
let t: TestDatabase;
let free: TenantContext;
let pro: TenantContext;

async function seed(ctx: TenantContext, daysAgo: number[]) {
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [s] = await upsertSeries(tx, ctx.tenant.id, [
        { connectionId: "00000000-0000-4000-8000-000000000001", region: "us-east-1", resourceKind: "ec2_instance", resourceId: "i-1", namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: { InstanceId: "i-1" }, stat: "Average", unit: "Percent", periodSeconds: 300 },
      ]);
      await writePoints(tx, ctx.tenant.id, daysAgo.map((d) => ({ seriesId: s.id, ts: new Date(Date.now() - d * DAY), value: d })));
    },
    { db: t.db },
  );
}

const pointDays = async (ctx: TenantContext) =>
  (await t.db.execute<{ d: number }>(sql`select value::int as d from metric_points where tenant_id = ${ctx.tenant.id} order by ts desc`)).rows.map((r) => r.d);

beforeAll(async () => {
  t = await createTestDatabase();
  free = await createTenant(t.db);
  pro = await createTenant(t.db, { plan: "pro" });
  await seed(free, [1, 13, 20, 100]);
  await seed(pro, [1, 20, 100, 400]);
});
afterAll(() => t?.drop());

describe("retention", () => {
  it("drops partitions past the longest plan's retention and deletes older rows per tenant for shorter plans", async () => {
    const before = await getRetentionSummary(free);
    expect(before).toMatchObject({ plan: "free", retentionDays: 14, lastRun: null, series: 1 });
    expect(Date.now() - before.oldestPoint!.getTime()).toBeGreaterThan(99 * DAY);

    const result = await runRetention({ db: t.db });
    expect(await pointDays(free)).toEqual([1, 13]);
    expect(await pointDays(pro)).toEqual([1, 20, 100]);
    expect(result.droppedPartitions.some((p) => p.startsWith("metric_points_"))).toBe(true);
    expect(result.perPlan.free).toMatchObject({ days: 14, tenants: 1, deletedPoints: 2 });
    const rollups = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from metric_rollups_5m where tenant_id = ${free.tenant.id} and bucket < now() - interval '15 days'`);
    expect(rollups.rows[0].n).toBe(0);

    const [run] = await t.db.select().from(schema.retentionRuns);
    expect(run).toMatchObject({ deletedPoints: 2, error: null });
    expect(run.finishedAt).toBeInstanceOf(Date);
    const after = await getRetentionSummary(free);
    expect(after.lastRun?.finishedAt).toBeInstanceOf(Date);
    expect(Math.round((Date.now() - after.oldestPoint!.getTime()) / DAY)).toBe(13);

    // Idempotent: a second run the same day deletes nothing more.
    expect((await runRetention({ db: t.db })).deletedPoints).toBe(0);
  });
});
