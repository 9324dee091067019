import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";

const root = path.resolve(import.meta.dirname, "../..");
const MIGRATIONS = path.join(root, "db/migrations");
const RLS_SQL = path.join(root, "db/rls.sql");
// Any constant works; it only has to be the same in every process that migrates.
const MIGRATION_LOCK = 7_310_001;

/*
 * The application role is cluster-wide while migrations are per database, so creating it must
 * tolerate another database (or a concurrent migrator) having created it first. drizzle's
 * pgRole() would emit a bare CREATE ROLE, which fails the second time.
 */
const ROLE_SQL = `
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'monitr_app') THEN
    CREATE ROLE monitr_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
  EXECUTE format('GRANT monitr_app TO %I', current_user);
EXCEPTION WHEN others THEN NULL; -- already a member, or a superuser that needs no grant
END $$;`;

/** Applies the generated SQL migrations, then the idempotent row-level-security step. */
export async function migrateDatabase(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(ROLE_SQL);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
    await client.query(await fs.readFile(RLS_SQL, "utf8"));
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
