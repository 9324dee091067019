import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { databaseUrl, startEmbeddedPostgres, type EmbeddedCluster } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";

/** A fresh migrated database on TEST_DATABASE_URL's server, or on an embedded Postgres. */
export async function benchDatabase(): Promise<{ url: string; cleanup(): Promise<void> }> {
  let cluster: EmbeddedCluster | undefined;
  const admin = process.env.TEST_DATABASE_URL ?? (cluster = await startEmbeddedPostgres({ dataDir: path.join(".data", `bench-alerts-${process.pid}`), persistent: false })).adminUrl;
  const name = `monitr_bench_${crypto.randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = databaseUrl(admin, name);
  await migrateDatabase(url);
  return {
    url,
    async cleanup() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      await cluster?.stop();
    },
  };
}
