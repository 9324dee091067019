import { expect, test, type Page } from "@playwright/test";
import { api, PORT, unique } from "./helpers";

async function signUp(page: Page, company: string, email: string, password: string) {
  await page.goto(`http://localhost:${PORT}/`);
  await page.getByRole("link", { name: "Start free" }).first().click();
  await page.getByLabel("Full name").fill("Ada Lovelace");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Company name").fill(company);
  // The subdomain is proposed from the company name and checked live.
  await expect(page.getByText(/is available\./)).toBeVisible();
  const slug = await page.getByLabel("Subdomain").inputValue();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(`http://${slug}.localhost:${PORT}/`);
  return slug;
}

test("a new company signs up, lands signed in on its subdomain, logs out and in again", async ({ page }) => {
  const company = unique("Acme ");
  const email = `${unique("ada")}@acme.test`;
  const slug = await signUp(page, company, email, "correct horse battery");
  expect(slug).toBe(company.toLowerCase().replace(/ /g, "-"));
  await expect(page.getByTestId("workspace-name")).toHaveText(company);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Ada Lovelace");
  await expect(page.getByRole("heading", { name: "Connect your AWS account" })).toBeVisible();
  for (const item of ["Dashboards", "Alerts", "Costs", "Reports", "Settings"]) {
    await expect(page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: item, exact: true })).toBeVisible();
  }

  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL(`http://${slug}.localhost:${PORT}/login`);
  await page.goto(`http://${slug}.localhost:${PORT}/`);
  await page.waitForURL(`http://${slug}.localhost:${PORT}/login`);

  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password" })).toBeVisible();

  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`http://${slug}.localhost:${PORT}/`);
  await expect(page.getByTestId("signed-in-as")).toHaveText("Ada Lovelace");

  // From the root domain, log-in finds the workspace and carries the session over.
  await page.context().clearCookies();
  await page.goto(`http://localhost:${PORT}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.waitForURL(`http://${slug}.localhost:${PORT}/`);
  await expect(page.getByTestId("workspace-name")).toHaveText(company);
});

test("sign-up shows field errors, keeps the values, and suggests a free subdomain", async ({ page }) => {
  const taken = await api({
    host: "localhost",
    path: "/api/signup",
    method: "POST",
    body: { name: "Grace", email: `${unique("grace")}@initech.test`, password: "correct horse battery", company: "Initech", slug: unique("initech-") },
  });
  expect(taken.status).toBe(201);
  const takenSlug = (taken.json as { slug: string }).slug;

  await page.goto(`http://localhost:${PORT}/signup`);
  await page.getByLabel("Full name").fill("Grace Hopper");
  await page.getByLabel("Work email").fill("grace@");
  await page.getByLabel("Password").fill("password123");
  await page.getByLabel("Company name").fill("Initech");
  await page.getByLabel("Subdomain").fill(takenSlug);
  await expect(page.getByText(`This subdomain is taken. Try "${takenSlug}-2".`)).toBeVisible();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByLabel("Full name")).toHaveValue("Grace Hopper");
  await page.getByLabel("Work email").fill(`${unique("grace")}@initech.test`);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText(/This password is too common/)).toBeVisible();
  await expect(page.getByText(/This subdomain is taken/)).toBeVisible();
  await expect(page).toHaveURL(`http://localhost:${PORT}/signup`);
});

test("a second company cannot see the first one's workspace", async ({ page, browser }) => {
  const first = await signUp(page, unique("Globex "), `${unique("hank")}@globex.test`, "correct horse battery");
  const firstCookies = await page.context().cookies(`http://${first}.localhost:${PORT}`);

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  const secondEmail = `${unique("alice")}@umbrella.test`;
  const second = await signUp(otherPage, unique("Umbrella "), secondEmail, "another strong passphrase");
  const session = (await other.cookies(`http://${second}.localhost:${PORT}`)).find((c) => c.name.includes("session-token"));
  expect(session).toBeDefined();

  // Replaying the second company's session cookie on the first one's subdomain: 404, page and API.
  await other.addCookies([{ ...session!, domain: `${first}.localhost` }]);
  const response = await otherPage.goto(`http://${first}.localhost:${PORT}/`);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: /doesn't exist/ })).toBeVisible();
  const me = await api({ host: `${first}.localhost`, path: "/api/me", cookie: `${session!.name}=${session!.value}` });
  expect(me.status).toBe(404);
  expect(me.json).toEqual({ error: { code: "not_found", message: "Not found." } });
  const own = await api({ host: `${second}.localhost`, path: "/api/me", cookie: `${session!.name}=${session!.value}` });
  expect(own.status).toBe(200);
  expect(own.json).toMatchObject({ tenant: { slug: second }, user: { role: "owner" } });

  // Its own credentials do not open the first workspace either.
  await other.clearCookies();
  await otherPage.goto(`http://${first}.localhost:${PORT}/login`);
  expect(firstCookies.length).toBeGreaterThan(0);
  await otherPage.getByLabel("Email").fill(secondEmail);
  await otherPage.getByLabel("Password").fill("another strong passphrase");
  await otherPage.getByRole("button", { name: "Log in" }).click();
  await expect(otherPage.getByRole("alert").filter({ hasText: "not a member of this workspace" })).toBeVisible();
  await expect(otherPage).toHaveURL(`http://${first}.localhost:${PORT}/login`);
  await other.close();
});

test("unknown subdomains and internal paths answer 404", async ({ page }) => {
  const unknown = await page.goto(`http://no-such-company.localhost:${PORT}/`);
  expect(unknown?.status()).toBe(404);
  const internal = await page.goto(`http://localhost:${PORT}/t/anything`);
  expect(internal?.status()).toBe(404);
});
