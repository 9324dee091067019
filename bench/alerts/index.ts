import { sql } from "drizzle-orm";
import crypto from "node:crypto";
import os from "node:os";
import { evaluateTenant } from "@/lib/alerts";
import { signUp } from "@/lib/auth";
import { createDb, schema, withTenant, type Db } from "@/lib/db";
import { writePoints, type Point } from "@/lib/metrics";
import { eq } from "drizzle-orm";
import type { Benchmark, Figure } from "../run";
import { benchDatabase } from "../lib/bench-database";
import { evaluateRuleByRule } from "./naive-evaluator";

/*
 * One tenant with 2 000 running instances, each with a 1-minute memory series (CWAgent) and a
 * 5-minute CPU series (AWS/EC2) holding the last hour of points. 10 000 rules: 9 950 watch one
 * instance each (alternating memory "for 3 min" and CPU "for 5 min"), 50 watch every instance
 * (memory above 90–99 %), so one cycle evaluates ~110 000 (rule, resource) pairs. Measured: the
 * first cycle (states created), a steady-state cycle, and rule-by-rule evaluation with one metric
 * query per rule over the same data.
 */
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2000);
const RULES = Number(process.env.BENCH_RULES ?? 10_000);
const FLEET_RULES = 50;
const MINUTE = 60_000;

export async function seed(db: Db, tenantId: string, now: number): Promise<void> {
  const connectionId = crypto.randomUUID();
  await withTenant(
    tenantId,
    async (tx) => {
      await tx.execute(sql`
        insert into resources (tenant_id, connection_id, region, kind, resource_id, name, state, tags, valid_from, recorded_from)
        select ${tenantId}, ${connectionId}, 'us-east-1', 'ec2_instance', 'i-' || lpad(g::text, 17, '0'), 'host-' || g, 'running',
               jsonb_build_object('team', 'team-' || (g % 20)), now() - interval '30 days', now() - interval '30 days'
          from generate_series(1, ${INSTANCES}) g`);
      await tx.execute(sql`
        insert into series (tenant_id, connection_id, region, resource_kind, resource_id, namespace, metric, dimensions, dimensions_key, stat, unit, period_seconds)
        select ${tenantId}, ${connectionId}, 'us-east-1', 'ec2_instance', 'i-' || lpad(g::text, 17, '0'), m.ns, m.metric,
               jsonb_build_object('InstanceId', 'i-' || lpad(g::text, 17, '0')), 'InstanceId=i-' || lpad(g::text, 17, '0'), 'Average', 'Percent', m.period
          from generate_series(1, ${INSTANCES}) g,
               (values ('CWAgent', 'mem_used_percent', 60), ('AWS/EC2', 'CPUUtilization', 300)) as m(ns, metric, period)`);
    },
    { db },
  );
  const series = await withTenant(tenantId, (tx) => tx.execute<{ id: string; resource_id: string; metric: string }>(sql`select id, resource_id, metric from series where tenant_id = ${tenantId}`), { db });
  const end = Math.floor(now / MINUTE) * MINUTE;
  let batch: Point[] = [];
  const flush = async () => {
    if (batch.length) await withTenant(tenantId, (tx) => writePoints(tx, tenantId, batch), { db });
    batch = [];
  };
  for (const s of series.rows) {
    const n = Number(s.resource_id.slice(2));
    // A stable level per instance (20–99 %), so thresholds decide a predictable share.
    const level = 20 + ((n * 7919) % 80);
    const step = s.metric === "mem_used_percent" ? 1 : 5;
    for (let m = 60; m >= step; m -= step) batch.push({ seriesId: Number(s.id), ts: new Date(end - m * MINUTE), value: level + ((m * 13 + n) % 5) - 2 });
    if (batch.length >= 20_000) await flush();
  }
  await flush();

  const rules: (typeof schema.alertRules.$inferInsert)[] = [];
  for (let i = 0; i < RULES; i++) {
    const fleet = i < FLEET_RULES;
    const instance = `i-${String((i % INSTANCES) + 1).padStart(17, "0")}`;
    const mem = fleet || i % 2 === 0;
    rules.push({
      tenantId,
      name: `rule ${i}`,
      scope: fleet ? { type: "kind", kind: "ec2_instance" } : { type: "resource", kind: "ec2_instance", resourceId: instance },
      conditions: [mem ? { metric: "CWAgent/mem_used_percent", stat: "avg", windowSeconds: 60, comparator: "gt", threshold: fleet ? 90 + (i % 10) : 50 + (i % 50) } : { metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 50 + (i % 50) }],
      combine: "and",
      duration: { type: "for", seconds: mem ? 180 : 300 },
      noData: "keep",
      severity: "warning",
      channelIds: [],
      repeatIntervalSeconds: 0,
      sendResolved: true,
    });
  }
  for (let i = 0; i < rules.length; i += 2000) await withTenant(tenantId, (tx) => tx.insert(schema.alertRules).values(rules.slice(i, i + 2000)), { db });
}

const time = async <T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> => {
  const started = performance.now();
  const result = await fn();
  return { ms: performance.now() - started, result };
};

const bench: Benchmark = async () => {
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
  const database = await benchDatabase("alerts");
  const db = createDb(database.url, { max: 4 });
  try {
    const { tenantId } = await signUp({ db, input: { name: "Bench", email: "bench@alerts.test", password: "correct horse battery", company: "Bench", slug: "bench-alerts", plan: "free" } });
    await db.update(schema.tenants).set({ plan: "pro" }).where(eq(schema.tenants.id, tenantId));
    const now = Date.now();
    await seed(db, tenantId, now);
    await db.execute(sql`analyze`);
    const origin = { appDomain: "localhost:3000", protocol: "http" as const };
    const first = await time(() => evaluateTenant({ db, tenantId, now: new Date(now), origin }));
    const steadyRuns = [];
    for (let i = 1; i <= 3; i++) steadyRuns.push(await time(() => evaluateTenant({ db, tenantId, now: new Date(now + i * 1000), origin })));
    const steady = steadyRuns.sort((a, b) => a.ms - b.ms)[1]!;
    const naive = await time(() => evaluateRuleByRule(db, tenantId, new Date(now + 4000)));
    const figures: Figure[] = [
      { figure: "rules", value: first.result.rules, unit: "rules" },
      { figure: "(rule, resource) pairs per cycle", value: steady.result.pairs, unit: "pairs" },
      { figure: "metric queries per cycle (set-based)", value: steady.result.queries, unit: "queries" },
      { figure: "first cycle (creates states)", value: first.ms, unit: "ms", note: `${first.result.transitions} transitions written; ${Object.entries(first.result.timings).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(", ")}` },
      { figure: "steady-state cycle", value: steady.ms, unit: "ms", note: `median of 3; target < 2 000 ms; ${Object.entries(steady.result.timings).map(([k, v]) => `${k} ${Math.round(v)} ms`).join(", ")}` },
      { figure: "rule-by-rule, one query per rule", value: naive.ms, unit: "ms", note: `${naive.result.queries} queries, no writes` },
      { figure: "rule-by-rule / set-based", value: naive.ms / steady.ms, unit: "×" },
    ];
    return {
      figures,
      notes: [
        `${INSTANCES} instances × (1-min memory + 5-min CPU series), the last hour of points; ${RULES - FLEET_RULES} single-instance rules and ${FLEET_RULES} fleet-wide rules.`,
        "A cycle is one evaluateTenant: one transaction, scopes resolved with one inventory and one series query, one bucket query per (metric, statistic, window), state changes, history and outbox written in bulk.",
        `Rule-by-rule evaluated ${naive.result.pairs} pairs (${naive.result.firing} firing) with the same evaluator but one metric query per rule.`,
        `Load average when the run started: ${loadAtStart} (the 2 cores are shared with Postgres and anything else running).`,
      ],
    };
  } finally {
    await db.$client.end();
    await database.cleanup();
  }
};

export default bench;
