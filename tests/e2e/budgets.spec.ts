import { expect, test } from "@playwright/test";
import { api, mailTo, PORT, unique } from "./helpers";

/*
 * An admin connects a fresh workspace to the simulated AWS account, invites a teammate (the real
 * invitation email from the dev mailbox), assigns the simulator's idle instance to them and sets
 * their monthly budget; the teammate then sees both on their own page.
 */
const PASSWORD = "correct horse battery";

test("an admin assigns the idle instance to a teammate and sets their budget; the teammate sees both", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const slug = unique("budget-");
  const created = await api({ host: "localhost", path: "/api/signup", method: "POST", body: { name: "Ada Admin", email: `${unique("ada")}@budgets.test`, password: PASSWORD, company: `Budgets ${slug}`, slug } });
  expect(created.status).toBe(201);
  const origin = `http://${slug}.localhost:${PORT}`;
  await page.goto((created.json as { redirectUrl: string }).redirectUrl);
  await page.waitForURL(`${origin}/`);

  // Connect the simulated account with a role trusting this workspace's ExternalId.
  await page.goto(`${origin}/settings/aws`);
  const externalId = (await page.getByLabel("ExternalId").textContent())!.trim();
  const sim = process.env.AWS_ENDPOINT_URL!;
  const role = await fetch(`${sim}/_sim/roles`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ roleName: `Budgets-${slug}`, externalId }) });
  expect(role.status).toBe(201);
  const { roleArn } = (await role.json()) as { roleArn: string };
  // Node does not resolve *.localhost: the API call goes to 127.0.0.1 with the Host header and the session cookie.
  const cookie = (await page.context().cookies(origin)).map((c) => `${c.name}=${c.value}`).join("; ");
  const connected = await api({ host: `${slug}.localhost`, path: "/api/aws/connections", method: "POST", cookie, body: { roleArn, name: "Simulated" } });
  expect(connected.status).toBe(201);

  // Invite the teammate; they join through the emailed link.
  await page.goto(`${origin}/settings/members`);
  const teammate = `${unique("tom")}@budgets.test`;
  await page.getByLabel("Email address").fill(teammate);
  await page.getByLabel("Role").selectOption("member");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByText(`Invitation sent to ${teammate}.`)).toBeVisible();
  const link = (await mailTo(teammate)).match(/https?:\/\/\S+\/invite\?token=[\w%-]+/)?.[0];
  expect(link).toBeTruthy();
  const mateContext = await browser.newContext();
  const mate = await mateContext.newPage();
  await mate.goto(link!);
  await mate.getByLabel("Full name").fill("Tom Teammate");
  await mate.getByLabel("Choose a password").fill("another long passphrase");
  await mate.getByRole("button", { name: "Join workspace" }).click();
  await mate.waitForURL(`${origin}/`);

  // The first inventory sync runs in the worker; the idle instance appears when it lands.
  await page.goto(`${origin}/teams/assignments`);
  const idle = page.getByRole("row").filter({ hasText: "legacy-etl-box" });
  await expect(async () => {
    await page.reload();
    await expect(idle).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await page.getByLabel("Filter resources").fill("legacy-etl-box");
  await page.getByLabel("Select legacy-etl-box").check();
  await page.getByLabel("Assign to").selectOption({ label: `Tom Teammate (${teammate})` });
  await page.getByRole("button", { name: "Assign selected (1)" }).click();
  await expect(page.getByText("Assigned 1 resource to Tom Teammate")).toBeVisible();
  await expect(idle).toContainText("Tom Teammate (assigned)");

  // The teammate's budget, from the people overview.
  await page.goto(`${origin}/people`);
  const people = page.getByRole("table", { name: "All users" });
  await expect(people).toContainText("Tom Teammate");
  await people.getByRole("link", { name: "Tom Teammate" }).click();
  await expect(page.getByRole("heading", { name: "Tom Teammate", exact: true })).toBeVisible();
  await page.getByLabel("Monthly limit").fill("250");
  await page.getByRole("button", { name: "Save budget" }).click();
  await expect(page.getByText("Budget saved: Tom Teammate, $250.00 a month.")).toBeVisible();
  await expect(page.getByRole("table", { name: "Owned resources" })).toContainText("legacy-etl-box");

  // The teammate sees their resource, their budget and the forecast on their own page.
  await mate.goto(`${origin}/people/me`);
  await expect(mate.getByRole("heading", { name: "My costs" })).toBeVisible();
  await expect(mate.getByRole("table", { name: "Owned resources" })).toContainText("legacy-etl-box");
  await expect(mate.getByRole("table", { name: "Owned resources" })).toContainText("m4.large");
  await expect(mate.getByText("$250.00")).toBeVisible();
  await expect(mate.getByTestId("owner-forecast")).toContainText(/At this rate you will spend \$[\d,]+\.\d{2} this month\./);
  // Only their own: the people overview sends them back to their page, and others' pages are 404.
  await mate.goto(`${origin}/people`);
  await expect(mate).toHaveURL(/\/people\/[0-9a-f-]{36}$/);
  await mateContext.close();

  // The admin's other cost pages render with their data.
  await page.goto(`${origin}/budgets`);
  await expect(page.getByRole("table", { name: "Spend by owner" })).toContainText("Unassigned");
  await expect(page.getByText("Person: Tom Teammate")).toBeVisible();
  await page.goto(`${origin}/insights`);
  await expect(page.getByRole("heading", { name: "Insights", exact: true })).toBeVisible();
  await expect(page.getByText(/Idle and wasted resources/)).toBeVisible();
  await expect(page.getByRole("list", { name: "Findings" })).toContainText("is associated with nothing");
  await page.goto(`${origin}/settings/preferences`);
  await page.getByLabel("Cost digest email").selectOption("weekly");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByText("Preferences saved.")).toBeVisible();
});
