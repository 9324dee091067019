import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { databaseUrl, startEmbeddedPostgres, type EmbeddedCluster } from "@/lib/db/embedded";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const DATA_DIR = path.join(ROOT, ".data");

/** NEXTAUTH_SECRET from the environment, or one generated once and kept in .data/. */
export function ensureAuthSecret(): string {
  if (process.env.NEXTAUTH_SECRET) return process.env.NEXTAUTH_SECRET;
  const file = path.join(DATA_DIR, "nextauth-secret");
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new pg.Client({ connectionString: databaseUrl(url, "postgres") });
  await admin.connect();
  try {
    const exists = await admin.query("select 1 from pg_database where datname = $1", [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}

/** DATABASE_URL when set; otherwise an embedded Postgres whose data lives in `dataDir`. */
export async function resolveDatabase(options: { dataDir: string; port?: number; persistent: boolean; database: string; log?: (line: string) => void }): Promise<{ url: string; cluster?: EmbeddedCluster }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  const cluster = await startEmbeddedPostgres({ dataDir: options.dataDir, port: options.port, persistent: options.persistent, log: options.log });
  const url = databaseUrl(cluster.adminUrl, options.database);
  await ensureDatabase(url);
  return { url, cluster };
}

/** A fingerprint of the sources, so `npm start` rebuilds only when the code changed. */
export function sourceFingerprint(): string {
  const paths = ["app", "components", "lib", "db", "proxy.ts", "next.config.ts", "package.json", "tsconfig.json", "tsconfig.app.json"];
  const git = (args: string[]) => execFileSync("git", args, { cwd: ROOT, stdio: ["ignore", "pipe", "ignore"], maxBuffer: 256 * 1024 * 1024 });
  try {
    const hash = crypto.createHash("sha256").update(git(["rev-parse", "HEAD"]));
    // Contents, not just names: a second edit to an already-modified file must rebuild too.
    hash.update(git(["diff", "HEAD", "--", ...paths]));
    for (const file of git(["ls-files", "--others", "--exclude-standard", "--", ...paths]).toString().split("\n").filter(Boolean)) {
      hash.update(file).update(fs.readFileSync(path.join(ROOT, file)));
    }
    return hash.digest("hex");
  } catch {
    return "no-git";
  }
}

export function needsBuild(): boolean {
  const stamp = path.join(ROOT, ".next", "monitr-source");
  if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID")) || !fs.existsSync(stamp)) return true;
  const fingerprint = sourceFingerprint();
  return fingerprint === "no-git" ? false : fs.readFileSync(stamp, "utf8") !== fingerprint;
}

export async function build(env: NodeJS.ProcessEnv): Promise<void> {
  await run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], env);
  fs.writeFileSync(path.join(ROOT, ".next", "monitr-source"), sourceFingerprint());
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

/** `next start` run directly with node, so there is one pid to stop (npx leaves a wrapper). */
export function startNext(port: number, env: NodeJS.ProcessEnv, mode: "start" | "dev" = "start"): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), mode, "-p", String(port)], { cwd: ROOT, env, stdio: "inherit" });
}

export function startWorkerProcess(env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/worker.ts")], { cwd: ROOT, env: { ...env, MONITR_PROCESS: "worker" }, stdio: "inherit" });
}

export async function waitForHttp(url: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { headers });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function stopChild(child: ChildProcess | undefined, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** APP_ENCRYPTION_KEY from the environment, or a key generated once and kept in .data/ (secrets at rest). */
export function ensureEncryptionKey(): string {
  if (process.env.APP_ENCRYPTION_KEY) return process.env.APP_ENCRYPTION_KEY;
  const file = path.join(DATA_DIR, "encryption-key");
  fs.mkdirSync(DATA_DIR, { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, `k1:${crypto.randomBytes(32).toString("base64url")}`, { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}
