import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, type Db } from "@/lib/db";
import { databaseUrl } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrate";

export type TestDatabase = { url: string; db: Db; drop(): Promise<void> };

/** A fresh, migrated database for one suite; drop() removes it. */
export async function createTestDatabase(adminUrl: string = inject("pgAdminUrl")): Promise<TestDatabase> {
  const name = `monitr_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = databaseUrl(adminUrl, name);
  await migrateDatabase(url);
  const db = createDb(url, { max: 5 });
  return {
    url,
    db,
    async drop() {
      await db.$client.end();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
