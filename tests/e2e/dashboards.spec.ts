import { expect, test, type Page } from "@playwright/test";
import { createDb } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { schema, withTenant } from "@/lib/db";
import { getTenantBySlug } from "@/lib/tenants";
import { PORT, unique } from "./helpers";

/*
 * A new member of the demo workspace (seeded by scripts/e2e.ts, connected to the simulated AWS
 * account) looks at the generated dashboards and customizes one.
 */
const DEMO = `http://demo.localhost:${PORT}`;

async function newDemoMember(): Promise<{ email: string; password: string }> {
  const db = createDb(process.env.DATABASE_URL!, { max: 1 });
  try {
    const tenant = await getTenantBySlug(db, "demo");
    if (!tenant) throw new Error("the demo workspace is not seeded");
    const email = `${unique("dana")}@demo.test`;
    const password = "correct horse battery";
    const [user] = await db.insert(schema.users).values({ email, name: "Dana Dashboard", passwordHash: await hashPassword(password) }).returning();
    await withTenant(tenant.id, (tx) => tx.insert(schema.memberships).values({ tenantId: tenant.id, userId: user.id, role: "member" }), { db });
    return { email, password };
  } finally {
    await db.$client.end();
  }
}

async function logIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${DEMO}/login`);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.waitForURL(`${DEMO}/`);
}

test("a new member opens the overview, an instance from the fleet, changes the range and adds a widget that stays", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, await newDemoMember());
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // The demo account's first sync runs in the worker; the overview fills in when it lands.
  const states = page.getByRole("region", { name: "Instances by state and region" });
  await expect(async () => {
    await page.reload();
    await expect(states.getByRole("table", { name: "Instances by region" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Cost this month" }).getByText("No budget set")).toBeVisible();
  await expect(page.getByRole("region", { name: "Alerts firing" }).getByRole("link")).toBeVisible();

  await page.getByRole("link", { name: "Dashboards", exact: true }).click();
  await page.getByRole("link", { name: "EC2 fleet" }).first().click();
  const fleet = page.getByRole("table", { name: "EC2 instances" });
  await expect(fleet).toBeVisible();
  await page.getByLabel("State").selectOption("running");
  await expect(page).toHaveURL(/state=running/);
  const first = fleet.locator("tbody tr").first();
  const instanceId = (await first.locator("td").nth(1).textContent())!.trim();
  await first.getByRole("link").click();
  await page.waitForURL(new RegExp(`/dashboards/ec2/${instanceId}`));
  await expect(page.getByRole("heading", { name: `EC2 instance ${instanceId}` })).toBeVisible();
  const cpu = page.getByRole("region", { name: "CPU utilization" });
  await expect(cpu.locator('[data-testid="chart"][data-drawn="true"]')).toBeVisible({ timeout: 20_000 });
  // Memory comes from the CloudWatch agent: a chart where it runs, the install explanation where it does not.
  await expect(page.getByRole("region", { name: "Memory used" }).locator('[data-testid="chart"], [data-testid="missing-data-help"]').first()).toBeVisible();

  await page.getByRole("group", { name: "Time range" }).getByRole("button", { name: "7 d" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByRole("button", { name: "7 d" })).toHaveAttribute("aria-pressed", "true");

  await page.getByRole("button", { name: "Customize" }).click();
  await page.getByRole("button", { name: "Add widget" }).click();
  const form = page.getByRole("form", { name: "Add a widget" });
  await form.getByLabel("Widget title").fill("CPU peak per hour");
  await expect(form.getByLabel("Metric")).toBeEnabled();
  await form.getByLabel("Metric").selectOption({ label: "CPUUtilization (AWS/EC2, Percent)" });
  await form.getByLabel("Statistic").selectOption("max");
  await form.getByLabel("Chart type").selectOption("bar");
  const saved = page.waitForResponse((r) => r.url().includes(`/api/dashboards/ec2-instance.${instanceId}`) && r.request().method() === "PUT");
  await form.getByRole("button", { name: "Add widget" }).click();
  expect((await saved).status()).toBe(200);
  const added = page.getByRole("region", { name: "CPU peak per hour" });
  await expect(added.locator('[data-testid="chart"][data-drawn="true"]')).toBeVisible({ timeout: 20_000 });

  await page.reload();
  await expect(page).toHaveURL(/range=7d/);
  await expect(page.getByRole("region", { name: "CPU peak per hour" })).toBeVisible();
  await expect(page.getByRole("region", { name: "CPU peak per hour" }).locator('[data-testid="chart"][data-drawn="true"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText("Generated, customized")).toBeVisible();

  // As known at an hour ago: the page says it is a past view.
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  await page.goto(`${DEMO}/dashboards/ec2/${instanceId}?range=24h&asOf=${encodeURIComponent(hourAgo)}`);
  await expect(page.getByTestId("past-view")).toContainText("Past view");
  await expect(page.getByRole("region", { name: "CPU peak per hour" })).toBeVisible();
});
