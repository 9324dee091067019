import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "@/db/schema";

export type Db = NodePgDatabase<typeof schema> & { $client: pg.Pool };
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either a plain handle or an open transaction: verbs that only read accept both. */
export type Queryable = Db | Tx;

export function createDb(connectionString: string, options: { max?: number } = {}): Db {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, idleTimeoutMillis: 30_000 });
  // An idle client that loses its server (restart, failover) emits 'error'; without a listener
  // that would crash the process.
  pool.on("error", () => undefined);
  return drizzle(pool, { schema }) as Db;
}

const globalForDb = globalThis as unknown as { monitrDb?: Db };

/** The process-wide handle, from DATABASE_URL (set by the start script or the environment). */
export function getDb(): Db {
  if (!globalForDb.monitrDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start Monitr with `npm start`.");
    globalForDb.monitrDb = createDb(url);
  }
  return globalForDb.monitrDb;
}
