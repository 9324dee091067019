import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "@/lib/db/migrate";
import { libpqEnv, resolvePgTool, serverMajor } from "./pg-tools";

function exec(binary: string, args: string[], env: Record<string, string | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(binary)} exited with ${code}: ${stderr.trim().slice(-2000)}`))));
  });
}

/**
 * pg_dump in the custom format (compressed, restorable table by table, in parallel). Roles are
 * cluster-wide and not in a dump; restoreDatabase recreates them.
 */
export async function backupDatabase({ url, file }: { url: string; file: string }): Promise<{ file: string; bytes: number; pgDump: string }> {
  const pgDump = await resolvePgTool("pg_dump", await serverMajor(url));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  // Written under a temporary name and renamed, so a failed run never leaves a truncated dump that looks complete.
  await exec(pgDump, ["--format=custom", "--compress=6", "--no-owner", `--file=${partial}`], libpqEnv(url));
  fs.renameSync(partial, file);
  return { file, bytes: fs.statSync(file).size, pgDump };
}

/** Fails unless the target database has no tables of its own, or `replace` is set (then --clean). */
async function assertEmpty(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>("select count(*)::int as n from pg_tables where schemaname = 'public'");
    return r.rows[0].n === 0;
  } finally {
    await client.end();
  }
}

/**
 * pg_restore into a database: first the application roles (what migrations would create), then the
 * dump, then the migrations and row-level-security step again (a no-op when the dump is current;
 * applies newer migrations when restoring an older dump into newer code).
 */
export async function restoreDatabase({ url, file, replace = false }: { url: string; file: string; replace?: boolean }): Promise<{ pgRestore: string }> {
  if (!fs.existsSync(file)) throw new Error(`No such dump: ${file}`);
  if (!replace && !(await assertEmpty(url))) throw new Error("The target database is not empty; restore into a fresh database, or pass --replace to overwrite it.");
  const pgRestore = await resolvePgTool("pg_restore", await serverMajor(url));
  const roles = new pg.Client({ connectionString: url });
  await roles.connect();
  try {
    for (const role of ["monitr_app", "monitr_ops"]) {
      await roles.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS; END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;`);
    }
  } finally {
    await roles.end();
  }
  const args = ["--no-owner", "--exit-on-error", "--single-transaction", ...(replace ? ["--clean", "--if-exists"] : []), `--dbname=${libpqEnv(url).PGDATABASE ?? "postgres"}`, file];
  await exec(pgRestore, args, libpqEnv(url));
  await migrateDatabase(url);
  return { pgRestore };
}

/** monitr-2026-05-04T03-00-00Z.dump */
export function defaultBackupName(now = new Date()): string {
  return `monitr-${now.toISOString().slice(0, 19).replace(/:/g, "-")}Z.dump`;
}
