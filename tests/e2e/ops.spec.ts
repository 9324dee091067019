import http from "node:http";
import { expect, test, type Page } from "@playwright/test";
import { api, PORT, unique } from "./helpers";

const PASSWORD = "correct horse battery";
const OPERATOR = "operator@monitr-ops.test"; // PLATFORM_ADMINS of the e2e server (scripts/e2e.ts)

function call(host: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: PORT, path, headers: { host: `${host}:${PORT}`, ...headers } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function signUpWorkspace(email: string): Promise<string> {
  const slug = unique("ops-");
  const res = await api({ host: "localhost", path: "/api/signup", method: "POST", body: { name: "Olga Ops", email, password: PASSWORD, company: `Ops ${slug}`, slug } });
  // A re-run against the same server finds the operator's account already there.
  if (res.status !== 201) expect(JSON.stringify(res.json)).toMatch(/already exists/);
  return slug;
}

async function logIn(page: Page, slug: string, email: string) {
  await page.goto(`http://${slug}.localhost:${PORT}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("workspace-name")).toBeVisible();
}

test("API keys: created in Settings, shown once, used on /api/v1, revoked", async ({ page }) => {
  const email = `${unique("kim")}@acme.test`;
  const slug = await signUpWorkspace(email);
  await logIn(page, slug, email);
  await page.goto(`http://${slug}.localhost:${PORT}/settings/api-keys`);
  await page.getByLabel("Key name").fill("CI pipeline");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByLabel("New API key").inputValue();
  expect(key).toMatch(/^mk_[0-9a-f]{8}_/);

  const me = await call(`${slug}.localhost`, "/api/v1/me", { authorization: `Bearer ${key}` });
  expect(me.status).toBe(200);
  expect(JSON.parse(me.text)).toMatchObject({ workspace: { slug }, key: { scope: "read", role: "admin" } });
  expect(me.headers["x-request-id"]).toBeTruthy();
  expect((await call(`${slug}.localhost`, "/api/v1/resources", { authorization: `Bearer ${key}` })).status).toBe(200);

  await page.reload();
  await expect(page.getByLabel("New API key")).toHaveCount(0);
  const table = page.getByRole("table", { name: "API keys" });
  await expect(table).toContainText("CI pipeline");
  await expect(table).toContainText(key.slice(0, 11));
  await expect(page.locator("body")).not.toContainText(key);
  page.once("dialog", (d) => d.accept());
  await page.getByRole("button", { name: "Revoke CI pipeline" }).click();
  await expect(table).toContainText("Revoked");
  expect((await call(`${slug}.localhost`, "/api/v1/me", { authorization: `Bearer ${key}` })).status).toBe(401);
});

test("the OpenAPI document, its docs page, /api/ready and /metrics on any host", async ({ page }) => {
  const doc = await call("localhost", "/api/v1/openapi.json");
  expect(doc.status).toBe(200);
  expect(JSON.parse(doc.text)).toMatchObject({ openapi: "3.1.0", paths: { "/resources": { get: { operationId: "listResources" } } } });
  await page.goto(`http://demo.localhost:${PORT}/api/v1/docs`);
  await expect(page.getByRole("heading", { name: /Monitr API/ })).toBeVisible();
  await expect(page.getByText("Query metric values over a time range").first()).toBeVisible();

  const ready = await call("localhost", "/api/ready");
  expect(JSON.parse(ready.text)).toMatchObject({ status: "ready", checks: { database: { status: "up" }, migrations: { status: "up" }, queue: { status: "up" } } });
  for (const host of ["localhost", "demo.localhost", "admin.localhost"]) {
    const metrics = await call(host, "/metrics");
    expect(metrics.status, host).toBe(200);
    expect(metrics.headers["content-type"]).toMatch(/^text\/plain/);
    for (const series of ["monitr_http_request_duration_seconds_bucket", "monitr_db_pool_connections", "monitr_sync_lag_tenants", "monitr_queue_jobs"]) expect(metrics.text, series).toContain(series);
    expect(metrics.text).not.toContain('tenant="demo"');
  }
});

test("operator console: sign in on admin host, find a tenant, impersonate read-only with a banner, suspend and reactivate", async ({ page }) => {
  await signUpWorkspace(OPERATOR);
  const victimEmail = `${unique("vic")}@acme.test`;
  const victim = await signUpWorkspace(victimEmail);

  // Not on other hosts.
  expect((await call("localhost", "/operator")).status).toBe(404);
  expect((await call("demo.localhost", "/operator")).status).toBe(404);

  await page.goto(`http://admin.localhost:${PORT}/`);
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Email").fill(victimEmail);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(/not a platform admin/)).toBeVisible();
  await page.getByLabel("Email").fill(OPERATOR);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("operator-email")).toHaveText(OPERATOR);

  await page.getByLabel("Search").fill(victim);
  await page.getByRole("button", { name: "Apply" }).click();
  await page.getByRole("table", { name: "Tenants" }).getByRole("link").first().click();
  await expect(page.getByTestId("tenant-status")).toHaveText("active");

  await page.getByLabel("Reason").nth(1).fill("e2e: ticket 1234");
  await page.getByRole("button", { name: "Open workspace as support" }).click();
  await expect(page).toHaveURL(new RegExp(`^http://${victim}\\.localhost:${PORT}/`));
  const banner = page.getByTestId("impersonation-banner");
  await expect(banner).toContainText(`${OPERATOR} is viewing`);
  await expect(banner).toContainText("read-only");
  await page.goto(`http://${victim}.localhost:${PORT}/settings/api-keys`);
  await expect(page.getByTestId("impersonation-banner")).toBeVisible();
  await expect(page.getByText("Only owners and admins can create and revoke API keys.")).toBeVisible();
  await page.getByRole("button", { name: "End support session" }).click();
  await expect(page).toHaveURL(/admin\.localhost/);

  await page.getByLabel("Reason").first().fill("e2e: unpaid invoice");
  await page.getByRole("button", { name: "Suspend workspace" }).click();
  await expect(page.getByTestId("tenant-status")).toHaveText("suspended");
  await expect(page.getByRole("list", { name: "Operator history" })).toContainText("tenant.suspended — e2e: unpaid invoice");
  await expect(page.getByRole("list", { name: "Operator history" })).toContainText("impersonation.started");

  const member = await page.context().browser()!.newPage();
  await member.goto(`http://${victim}.localhost:${PORT}/login`);
  await expect(member.getByRole("heading", { name: "This workspace is suspended" })).toBeVisible();
  await member.close();

  await page.getByRole("button", { name: "Reactivate workspace" }).click();
  await expect(page.getByTestId("tenant-status")).toHaveText("active");
});
