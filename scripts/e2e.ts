import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { freePort } from "@/lib/db/embedded";
import { loadAwsConfig } from "@/lib/aws/config";
import { createDb } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrate";
import { seedDemoTenant } from "@/lib/demo/seed-demo";
import { startDemoAws } from "./aws-mode";
import { build, DATA_DIR, ensureEncryptionKey, needsBuild, resolveDatabase, run, startNext, startWorkerProcess, stopChild, waitForHttp } from "./runtime";

/*
 * The browser suite: a production build served by `next start` on a free port, on a fresh
 * database (TEST_DATABASE_URL's server when set, otherwise an embedded Postgres), driven by
 * Playwright in Chromium. Extra arguments go to `playwright test`.
 */
const port = await freePort();
const database = `monitr_e2e_${crypto.randomBytes(4).toString("hex")}`;
if (process.env.TEST_DATABASE_URL) {
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = `/${database}`;
  process.env.DATABASE_URL = url.toString();
} else {
  delete process.env.DATABASE_URL;
}
const { url, cluster } = await resolveDatabase({ dataDir: path.join(DATA_DIR, `e2e-postgres-${process.pid}`), persistent: false, database });
let exitCode = 1;
let web: ReturnType<typeof startNext> | undefined;
let worker: ReturnType<typeof startWorkerProcess> | undefined;
const simState = path.join(DATA_DIR, `e2e-aws-sim-${process.pid}.json`);
const mailDir = path.join(DATA_DIR, `e2e-mail-${process.pid}`);
const demo = await startDemoAws({ stateFile: simState });
try {
  await migrateDatabase(url);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    APP_DOMAIN: `localhost:${port}`,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    APP_ENCRYPTION_KEY: ensureEncryptionKey(),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    E2E_PORT: String(port),
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    MAIL_DIR: mailDir,
    // The operator console's e2e test signs this account up and signs in on admin.localhost.
    PLATFORM_ADMINS: process.env.PLATFORM_ADMINS ?? "operator@monitr-ops.test",
    ...demo.env,
  };
  // A normal machine has no Debian Chromium: use Playwright's own browser, installed once.
  if (!["/usr/bin/chromium", "/usr/bin/chromium-browser"].some((p) => fs.existsSync(p))) {
    await run(process.execPath, [path.resolve("node_modules/@playwright/test/cli.js"), "install", "chromium"], { ...env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: undefined });
  }
  // The demo workspace, connected to the simulator, as `npm start` makes it (tests log in as DEMO_LOGIN).
  const seedDb = createDb(url, { max: 2 });
  await seedDemoTenant({ db: seedDb, aws: loadAwsConfig(env), createRole: (r) => demo.sim.createRole(r) }).finally(() => seedDb.$client.end());
  delete env.NEXTAUTH_URL;
  if (needsBuild()) await build(env);
  web = startNext(port, env);
  worker = startWorkerProcess(env);
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000);
  exitCode = await run(process.execPath, [path.resolve("node_modules/@playwright/test/cli.js"), "test", ...process.argv.slice(2)], env).then(
    () => 0,
    () => 1,
  );
} catch (error) {
  console.error(error);
} finally {
  await Promise.all([stopChild(web), stopChild(worker)]);
  await demo.sim.close();
  fs.rmSync(simState, { force: true });
  fs.rmSync(mailDir, { recursive: true, force: true });
  await cluster?.stop().catch(() => undefined);
}
process.exit(exitCode);
