import path from "node:path";
import pg from "pg";
import { databaseUrl, type EmbeddedCluster } from "@/lib/db/embedded";
import { DATA_DIR, resolveDatabase } from "./runtime";

/**
 * The database `npm run backup` / `restore` work on: DATABASE_URL, else the embedded cluster —
 * the one `npm start` is running when it is up, otherwise started here for the duration.
 */
export async function backupTarget(): Promise<{ url: string; cluster?: EmbeddedCluster }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const port = Number(process.env.EMBEDDED_PG_PORT || 54329);
  // The embedded cluster's fixed superuser (lib/db/embedded.ts).
  const running = databaseUrl(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, "monitr");
  const probe = new pg.Client({ connectionString: running, connectionTimeoutMillis: 1000 });
  try {
    await probe.connect();
    await probe.end();
    return { url: running };
  } catch {
    return resolveDatabase({ dataDir: path.join(DATA_DIR, "postgres"), port, persistent: true, database: "monitr" });
  }
}
