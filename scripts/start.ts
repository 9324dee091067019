import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { loadAwsConfig } from "@/lib/aws/config";
import { migrateDatabase } from "@/lib/db/migrate";
import { createDb } from "@/lib/db";
import { DEMO_LOGIN, seedDemoTenant } from "@/lib/demo/seed-demo";
import type { AwsSim } from "@/sim/aws";
import { realAwsConfigured, startDemoAws } from "./aws-mode";
import { build, DATA_DIR, ensureAuthSecret, ensureEncryptionKey, needsBuild, resolveDatabase, startNext, startWorkerProcess, stopChild, waitForHttp } from "./runtime";

/*
 * `npm start`: Postgres (embedded when DATABASE_URL is unset) → migrations → web + worker.
 * Ctrl-C stops the children first, then the embedded Postgres, leaving no orphan processes.
 */
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const appDomain = process.env.APP_DOMAIN || `localhost:${port}`;

const log = (line: string) => console.log(`[monitr] ${line}`);
log(process.env.DATABASE_URL ? "using DATABASE_URL" : `starting embedded Postgres in ${path.relative(process.cwd(), path.join(DATA_DIR, "postgres"))}`);
const { url, cluster } = await resolveDatabase({
  dataDir: path.join(DATA_DIR, "postgres"),
  port: Number(process.env.EMBEDDED_PG_PORT || 54329),
  persistent: true,
  database: "monitr",
});
const children: ChildProcess[] = [];
let sim: AwsSim | undefined;
let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await Promise.all(children.map((c) => stopChild(c)));
  await sim?.close().catch(() => undefined);
  await cluster?.stop().catch(() => undefined);
  process.exit(code);
}
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

try {
  await migrateDatabase(url);
  log("database migrated");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    APP_DOMAIN: appDomain,
    NEXTAUTH_SECRET: ensureAuthSecret(),
    APP_ENCRYPTION_KEY: ensureEncryptionKey(),
    AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  delete env.NEXTAUTH_URL; // one fixed origin would break every tenant subdomain
  const demo = !realAwsConfigured(process.env);
  if (demo) {
    const started = await startDemoAws({ port: process.env.AWS_SIM_PORT ? Number(process.env.AWS_SIM_PORT) : 0 });
    sim = started.sim;
    Object.assign(env, started.env);
    log(`demo mode: no AWS configured, using the AWS simulator at ${sim.url}`);
    const db = createDb(url, { max: 2 });
    try {
      const seeded = await seedDemoTenant({ db, aws: loadAwsConfig(env), createRole: (r) => sim!.createRole(r) });
      if (seeded.created) log("created the demo workspace");
    } finally {
      await db.$client.end();
    }
  }
  if (!dev && needsBuild()) {
    log("building the web app (first start, or the code changed)…");
    await build({ ...env, NODE_ENV: "production" });
  }
  const web = startNext(port, { ...env, MONITR_PROCESS: "web" }, dev ? "dev" : "start");
  const worker = startWorkerProcess(env);
  children.push(web, worker);
  for (const child of children) child.on("exit", (code) => !stopping && (log(`a process exited (${code}); stopping`), void shutdown(1)));
  await waitForHttp(`http://127.0.0.1:${port}/api/health`, 120_000);
  const protocol = appDomain.startsWith("localhost") ? "http" : "https";
  console.log(`
  Monitr is running.
    App:      ${protocol}://${appDomain}
    Sign up:  ${protocol}://${appDomain}/signup
${demo ? `  Demo workspace (connected to the simulated AWS account):
    ${protocol}://${DEMO_LOGIN.slug}.${appDomain}/login
    email ${DEMO_LOGIN.email}   password ${DEMO_LOGIN.password}
` : ""}  Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(error);
  await shutdown(1);
}
