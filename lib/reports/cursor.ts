import crypto from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "@/lib/db";

/** Rows fetched per round trip: big enough to amortize it, small enough that memory stays flat. */
export const FETCH_SIZE = 5000;

/**
 * Streams a query's rows in batches through a server-side cursor (DECLARE … CURSOR / FETCH), so
 * an export of millions of rows holds one batch in memory at a time. Must run inside a
 * transaction (withTenant's): a cursor lives as long as its transaction.
 */
export async function* fetchInBatches<T extends Record<string, unknown>>(tx: Tx, query: SQL, batchSize = FETCH_SIZE): AsyncGenerator<T[]> {
  const name = `report_cursor_${crypto.randomBytes(6).toString("hex")}`;
  await tx.execute(sql`declare ${sql.identifier(name)} no scroll cursor for ${query}`);
  let open = true;
  try {
    for (;;) {
      const result = await tx.execute<T>(sql`fetch forward ${sql.raw(String(Math.trunc(batchSize)))} from ${sql.identifier(name)}`);
      if (result.rows.length > 0) yield result.rows;
      if (result.rows.length < batchSize) break;
    }
    await tx.execute(sql`close ${sql.identifier(name)}`);
    open = false;
  } finally {
    // A consumer that stopped early (a closed download) leaves it open; the transaction's end closes it anyway.
    if (open) await tx.execute(sql`close ${sql.identifier(name)}`).catch(() => undefined);
  }
}
