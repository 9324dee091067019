import { sql } from "drizzle-orm";
import type { Db, Tx } from "@/lib/db";
import { ValidationError } from "@/lib/http/errors";
import { PARTITIONED_TABLES } from "./tables";

const DAY_MS = 86_400_000;
/** The window metric_ensure_partitions() accepts (migration 0003): 20 years back, 62 days ahead. */
const MAX_PAST_DAYS = 7300;
const MAX_FUTURE_DAYS = 62;
/** Retention must not queue an ACCESS EXCLUSIVE lock behind a long query for long. */
const DROP_LOCK_TIMEOUT = "5s";

/** UTC day numbers (days since the epoch) → 'YYYY-MM-DD'. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** Throws a ValidationError for a timestamp whose day Monitr will not create a partition for. */
export function assertAcceptedDay(ms: number, now = Date.now()): void {
  const day = utcDay(ms);
  const today = utcDay(now);
  if (day < today - MAX_PAST_DAYS || day > today + MAX_FUTURE_DAYS) {
    throw new ValidationError(`Timestamp ${new Date(ms).toISOString()} is outside the range the metric store accepts.`);
  }
}

/*
 * Why no in-process cache of existing days: a cache entry would go stale when the transaction
 * that created the partition rolls back or retention drops the day, and it would have to be keyed
 * per database. The check is one catalog lookup per (table, day) inside a single round trip.
 */
export async function ensureDays(q: Db | Tx, days: number[]): Promise<string[]> {
  if (days.length === 0) return [];
  const result = await q.execute<{ name: string }>(
    sql`select name from metric_ensure_partitions(${sql.param(days.map(dayString))}::date[]) as name`,
  );
  return result.rows.map((r) => r.name);
}

/**
 * Daily partitions of metric_points and both rollup tables exist for every UTC day that
 * intersects [from, to]. A system operation (owner role, no tenant context); the worker calls it
 * on start and daily so that writers rarely have to create a partition themselves.
 */
export async function ensurePartitions(db: Db, from: Date, to: Date): Promise<{ created: string[] }> {
  const first = utcDay(from.getTime());
  const last = utcDay(to.getTime());
  if (!(last >= first)) throw new ValidationError("ensurePartitions: `to` must not be before `from`.");
  const days: number[] = [];
  for (let d = first; d <= last; d++) days.push(d);
  return { created: await ensureDays(db, days) };
}

/**
 * Drops every partition whose whole range lies before `before` (retention drops whole days,
 * never single rows). Each drop is its own short transaction: dropping a partition takes an
 * ACCESS EXCLUSIVE lock on the parent, so the lock must not be held across many drops.
 */
export async function dropPartitionsBefore(db: Db, before: Date): Promise<{ dropped: string[] }> {
  // The upper bound is read from the partition bound itself, not inferred from the name.
  const candidates = await db.execute<{ name: string }>(sql`
    select c.relname as name
      from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace
     where n.nspname = 'public'
       and p.relname = any(${sql.param([...PARTITIONED_TABLES])}::text[])
       and substring(pg_get_expr(c.relpartbound, c.oid) from 'TO \\(''([^'']+)''\\)')::timestamptz <= ${before.toISOString()}::timestamptz
     order by c.relname`);
  const dropped: string[] = [];
  for (const { name } of candidates.rows) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('lock_timeout', ${DROP_LOCK_TIMEOUT}, true)`);
      await tx.execute(sql`drop table if exists ${sql.identifier(name)}`);
    });
    dropped.push(name);
  }
  return { dropped };
}
