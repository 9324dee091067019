import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";

export type Journal = { entries: { tag: string; when: number }[] };
type Check = { status: "up" | "down" | "pending"; [detail: string]: unknown };
export type Readiness = { ready: boolean; checks: { database: Check; migrations: Check; queue: Check } };

const WORKER_FRESH_SECONDS = 180;

/**
 * Readiness for a load balancer: the database answers, every migration this build ships is
 * applied (drizzle records each migration's journal timestamp in drizzle.__drizzle_migrations and
 * applies those newer than the last one), and the job queue (pg-boss's schema, created by the
 * first worker) exists. Live workers are reported but do not gate readiness: the web serves
 * without them, jobs wait in the queue.
 */
export async function checkReadiness({ db, journal, timeoutMs = 2000 }: { db: Db; journal: Journal; timeoutMs?: number }): Promise<Readiness> {
  const started = Date.now();
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timed out")), timeoutMs).unref());
  try {
    await Promise.race([db.execute(sql`select 1`), timeout]);
  } catch (error) {
    const down: Check = { status: "down", error: error instanceof Error && error.message === "timed out" ? "timed out" : "unreachable" };
    return { ready: false, checks: { database: down, migrations: { status: "pending" }, queue: { status: "pending" } } };
  }
  const database: Check = { status: "up", latencyMs: Date.now() - started };

  const applied = await db.execute<{ last: string | null }>(sql`
    select case when to_regclass('drizzle.__drizzle_migrations') is null then null
                else (select max(created_at)::text from drizzle.__drizzle_migrations) end as last`);
  const last = Number(applied.rows[0]?.last ?? 0);
  const pending = journal.entries.filter((e) => e.when > last).map((e) => e.tag);
  const migrations: Check = pending.length ? { status: "down", pending } : { status: "up", applied: journal.entries.length };

  const q = await db.execute<{ installed: boolean; workers: number }>(sql`
    select to_regclass('pgboss.job') is not null as installed,
           (select count(*)::int from worker_heartbeats where beat_at > now() - make_interval(secs => ${WORKER_FRESH_SECONDS})) as workers`);
  const queue: Check = q.rows[0]?.installed ? { status: "up", liveWorkers: q.rows[0].workers } : { status: "down", error: "the job queue is not installed yet (start a worker)" };

  return { ready: database.status === "up" && migrations.status === "up" && queue.status === "up", checks: { database, migrations, queue } };
}
