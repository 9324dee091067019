import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db";
import { RateLimitError } from "@/lib/http/errors";

export type Limit = { key: string; max: number };

/*
 * Fixed-window counters in Postgres so every web process shares them. Each call counts one
 * attempt against every key and throws when any key is over its limit.
 */
export async function consumeRateLimit(db: Db, limits: Limit[], windowSeconds: number, message: string): Promise<void> {
  const now = Date.now();
  const windowStart = new Date(now - (now % (windowSeconds * 1000)));
  let over = false;
  for (const limit of limits) {
    const result = await db.execute<{ count: number }>(sql`
      insert into rate_limits (key, window_start, count) values (${limit.key}, ${windowStart}, 1)
      on conflict (key, window_start) do update set count = rate_limits.count + 1
      returning count`);
    if (result.rows[0].count > limit.max) over = true;
  }
  if (Math.random() < 0.01) {
    await db.execute(sql`delete from rate_limits where window_start < now() - make_interval(secs => ${windowSeconds * 2})`);
  }
  if (over) {
    const retryAfter = Math.ceil((windowStart.getTime() + windowSeconds * 1000 - now) / 1000);
    throw new RateLimitError(message, Math.max(1, retryAfter));
  }
}
