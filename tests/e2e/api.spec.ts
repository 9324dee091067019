import { expect, test } from "@playwright/test";
import { api, PORT, unique } from "./helpers";

test("health reports the database", async () => {
  const res = await api({ host: "localhost", path: "/api/health" });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ status: "ok", database: { status: "up" } });
});

test("sign-up API: bad input is a 4xx with field errors and changes nothing", async () => {
  const notJson = await api({ host: "localhost", path: "/api/signup", method: "POST", body: "{not json" });
  expect(notJson.status).toBe(400);
  expect(notJson.json).toEqual({ error: { code: "invalid_json", message: "The request body must be JSON." } });

  const slug = unique("bad-");
  const invalid = await api({ host: "localhost", path: "/api/signup", method: "POST", body: { name: "", email: "x", password: 1, company: "Co", slug } });
  expect(invalid.status).toBe(400);
  expect((invalid.json as { error: { fields: Record<string, string> } }).error.fields).toMatchObject({
    name: "Enter your full name.",
    email: "Enter a valid email address.",
  });
  const check = await api({ host: "localhost", path: `/api/signup/slug?slug=${slug}` });
  expect(check.json).toEqual({ slug, available: true });

  const onTenantHost = await api({ host: `${slug}.localhost`, path: "/api/signup", method: "POST", body: {} });
  expect(onTenantHost.status).toBe(404);
});

test("sign-in is rate limited per email with a 429", async () => {
  const email = `${unique("mallory")}@acme.test`;
  const statuses: number[] = [];
  for (let i = 0; i < 11; i++) {
    const res = await api({ host: "localhost", path: "/api/login/workspaces", method: "POST", body: { email, password: "not the password" } });
    statuses.push(res.status);
    if (res.status === 429) {
      expect(res.headers["retry-after"]).toMatch(/^\d+$/);
      expect(res.json).toMatchObject({ error: { code: "rate_limited", message: expect.stringMatching(/Too many sign-in attempts/) } });
    }
  }
  expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
  expect(statuses[10]).toBe(429);
});

test("workspace sign-in through next-auth is rate limited too", async ({ page }) => {
  const slug = unique("ratelimit-");
  const email = `${unique("eve")}@acme.test`;
  const created = await api({ host: "localhost", path: "/api/signup", method: "POST", body: { name: "Eve", email, password: "correct horse battery", company: "Eve Co", slug } });
  expect(created.status).toBe(201);
  await page.goto(`http://${slug}.localhost:${PORT}/login`);
  for (let i = 0; i < 10; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong password ${i}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/auth/callback/password")),
      page.getByRole("button", { name: "Log in" }).click(),
    ]);
    expect(response.status()).toBe(401);
  }
  await page.getByLabel("Password").fill("correct horse battery");
  const [limited] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/api/auth/callback/password")),
    page.getByRole("button", { name: "Log in" }).click(),
  ]);
  expect(limited.status()).toBe(429);
  await expect(page.getByRole("alert").filter({ hasText: "Too many sign-in attempts" })).toBeVisible();
  await expect(page).toHaveURL(`http://${slug}.localhost:${PORT}/login`);
});
