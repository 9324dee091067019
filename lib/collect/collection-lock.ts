import type pg from "pg";
import type { Db } from "@/lib/db";

/*
 * At most one run per (tenant, connection, region, kind) at a time, across every worker: a
 * session-level advisory lock held on its own connection for the whole run. pg-boss's singleton
 * policy already avoids most overlaps; this also covers a run started outside the queue and a
 * job whose previous attempt is still going after its expiry. A killed worker's lock goes with
 * its connection.
 */
const NAMESPACE = "monitr-collect";

export type CollectionLock = { release(): Promise<void> };

export async function tryCollectionLock(db: Db, key: string): Promise<CollectionLock | null> {
  const client: pg.PoolClient = await db.$client.connect();
  try {
    const { rows } = await client.query<{ ok: boolean }>("select pg_try_advisory_lock(hashtext($1), hashtext($2)) as ok", [NAMESPACE, key]);
    if (!rows[0]?.ok) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release();
    throw error;
  }
  return {
    async release() {
      try {
        await client.query("select pg_advisory_unlock(hashtext($1), hashtext($2))", [NAMESPACE, key]);
        client.release();
      } catch {
        // A broken connection drops the lock with it; do not return it to the pool.
        client.release(true);
      }
    },
  };
}
