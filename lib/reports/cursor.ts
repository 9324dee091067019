import crypto from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/lib/db";

/** Rows fetched per round trip: big enough to amortize it, small enough that memory stays flat. */
export const FETCH_SIZE = 5000;

/**
 * Streams a query's rows in batches through a server-side cursor (DECLARE … CURSOR / FETCH), so
 * an export of millions of rows holds about two batches in memory at a time: the next FETCH is
 * already on its way while the caller writes the current batch. Must run inside a transaction
 * (withTenant's): a cursor lives as long as its transaction.
 */
export async function* fetchInBatches<T extends Record<string, unknown>>(tx: Tx, query: SQL, batchSize = FETCH_SIZE): AsyncGenerator<T[]> {
  const name = sql.identifier(`report_cursor_${crypto.randomBytes(6).toString("hex")}`);
  const size = sql.raw(String(Math.trunc(batchSize)));
  const next = async () => (await tx.execute<T>(sql`fetch forward ${size} from ${name}`)).rows as T[];
  await tx.execute(sql`declare ${name} no scroll cursor for ${query}`);
  let pending: Promise<T[]> | null = next();
  try {
    while (pending) {
      const rows: T[] = await pending;
      pending = rows.length === batchSize ? next() : null;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // A consumer that stopped early (a closed download) leaves a fetch in flight; let it land first.
    if (pending) await pending.catch(() => undefined);
    await tx.execute(sql`close ${name}`).catch(() => undefined);
  }
}
