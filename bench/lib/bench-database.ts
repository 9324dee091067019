import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { databaseUrl, startEmbeddedPostgres, type EmbeddedCluster } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";

/** A fresh, migrated database for one benchmark: on TEST_DATABASE_URL's server, or an embedded cluster. */
export async function benchDatabase(name: string): Promise<{ url: string; cleanup(): Promise<void> }> {
  let cluster: EmbeddedCluster | undefined;
  const admin =
    process.env.TEST_DATABASE_URL ??
    (cluster = await startEmbeddedPostgres({ dataDir: path.join(".data", `bench-${name}-${process.pid}`), persistent: false })).adminUrl;
  const database = `monitr_bench_${name}_${crypto.randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${database}`);
  await client.end();
  const url = databaseUrl(admin, database);
  await migrateDatabase(url);
  return {
    url,
    async cleanup() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await c.end();
      await cluster?.stop();
    },
  };
}
