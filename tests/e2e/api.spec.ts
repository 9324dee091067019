import { expect, test } from "@playwright/test";
import { api, unique } from "./helpers";

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
