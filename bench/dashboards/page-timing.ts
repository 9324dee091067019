import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { chromium } from "@playwright/test";
import { freePort } from "@/lib/db/embedded";
import { build, ensureEncryptionKey, needsBuild, startNext, stopChild, waitForHttp } from "../../scripts/runtime";
import { drive, percentile, type ApiRequest } from "./query-load";

/** The query API through `next start` (proxy, next-auth session check, route handler): client-side latency. */
export type RouteLoad = { p50: number; p95: number; rps: number; non2xx: number; errors: number };
export type PageTiming = { serverMs: number[]; drawnMs: number[]; domReadyMs: number[]; settledMs: number[]; fromDashboardMs: number[]; overviewMs: number; fleetMs: number; port: number; api: Record<string, RouteLoad> };

/** Holds /tmp/monitr-e2e.lock (the e2e suite's build lock) while the production build is used. */
async function lockBuild(): Promise<ChildProcess> {
  const child = spawn("flock", ["/tmp/monitr-e2e.lock", "-c", "echo locked; read _"], { stdio: ["pipe", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => (d.toString().includes("locked") ? resolve() : undefined));
    child.on("exit", (code) => reject(new Error(`flock exited with ${code}`)));
  });
  return child;
}

/**
 * The EC2 instance dashboard in Chromium against `next start` on the benchmark's database:
 * per visit, the server's response (navigation timing, request start → last byte of the
 * streamed HTML) and the time from navigation start until every chart has drawn its data.
 */
export async function measureInstancePage(args: {
  databaseUrl: string;
  slug: string;
  email: string;
  password: string;
  instanceIds: string[];
  charts: number;
  /** Load phases to drive through the real route with the signed-in session, by name. */
  api?: Record<string, ApiRequest[]>;
  log: (m: string) => void;
}): Promise<PageTiming> {
  const lock = await lockBuild();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: args.databaseUrl,
    APP_DOMAIN: `localhost:${port}`,
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    // Sign-in keeps server-side sessions and encrypted secrets; the app needs its key as in npm start.
    APP_ENCRYPTION_KEY: process.env.APP_ENCRYPTION_KEY ?? ensureEncryptionKey(),
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    LOG_LEVEL: "warn",
  };
  delete env.NEXTAUTH_URL;
  let web: ChildProcess | undefined;
  const executablePath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync", "--no-first-run"] });
  try {
    if (needsBuild()) {
      args.log("building the app (next build)");
      await build(env);
    }
    web = startNext(port, env);
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, 60_000);
    const origin = `http://${args.slug}.localhost:${port}`;
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.goto(`${origin}/login`);
    await page.getByLabel("Email").fill(args.email);
    await page.getByLabel("Password").fill(args.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"), { waitUntil: "commit", timeout: 60_000 }).catch(async (error: unknown) => {
      const text = (await page.locator("body").innerText().catch(() => "")).replace(/\s+/g, " ").slice(0, 300);
      throw new Error(`log-in did not complete at ${page.url()}: ${text} (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    });
    // The workspace pages that read the whole fleet (500 instances' CPU and network over 24 h).
    const loadTime = async (path: string) => {
      await page.goto(`${origin}${path}`, { timeout: 180_000 });
      return page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseEnd);
    };
    await loadTime("/");
    const overviewMs = await loadTime("/");
    const fleetMs = await loadTime("/dashboards/ec2");
    const serverMs: number[] = [];
    const drawnMs: number[] = [];
    const domReadyMs: number[] = [];
    const settledMs: number[] = [];
    const fromDashboardMs: number[] = [];
    const waitDrawn = () => page.waitForFunction((n) => document.querySelectorAll('[data-testid="chart"][data-drawn="true"]').length >= n, args.charts, { timeout: 30_000 });
    // Opening a dashboard: from a blank tab, so the figure is this page's own work. The first
    // visits warm the server (route modules, connection pool) and are not counted.
    const visits = [...args.instanceIds.slice(0, 2), ...args.instanceIds];
    for (const [i, id] of visits.entries()) {
      await page.goto("about:blank");
      await page.goto(`${origin}/dashboards/ec2/${id}?range=30d`);
      await waitDrawn();
      const t = await page.evaluate(() => {
        const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
        return { server: nav.responseEnd - nav.requestStart, domReady: nav.domContentLoadedEventEnd, drawn: performance.now() };
      });
      // Settled: the first idle moment of the main thread after the charts are drawn (hydration done).
      const settled = await page.evaluate(() => new Promise<number>((resolve) => requestIdleCallback(() => resolve(performance.now()), { timeout: 20_000 })));
      if (i >= 2) {
        serverMs.push(t.server);
        drawnMs.push(t.drawn);
        domReadyMs.push(t.domReady);
        settledMs.push(settled);
      }
    }
    // Moving from one instance dashboard straight to the next, without waiting for the first to settle.
    for (const id of args.instanceIds.slice(0, 6)) {
      await page.goto(`${origin}/dashboards/ec2/${id}?range=30d`);
      await waitDrawn();
      fromDashboardMs.push(await page.evaluate(() => performance.now()));
    }
    // The query API through Next with this session: 50 connections, the browser's Host and cookies.
    const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join("; ");
    const target = { url: `http://127.0.0.1:${port}`, headers: { host: `${args.slug}.localhost:${port}`, cookie } };
    const api: Record<string, RouteLoad> = {};
    for (const [name, requests] of Object.entries(args.api ?? {})) {
      await drive(target, requests, 3);
      const r = await drive(target, requests, 15);
      api[name] = { p50: percentile(r.client, 50), p95: percentile(r.client, 95), rps: r.requests.average, non2xx: r.non2xx, errors: r.errors };
      args.log(`${name} through next start: p95 ${api[name].p95.toFixed(0)} ms, ${api[name].rps.toFixed(0)} req/s, ${r.non2xx} non-2xx`);
    }
    return { serverMs, drawnMs, domReadyMs, settledMs, fromDashboardMs, overviewMs, fleetMs, port, api };
  } finally {
    await browser.close();
    await stopChild(web);
    lock.stdin?.end();
    lock.kill();
  }
}
