import { expect, test } from "@playwright/test";
import { describeAwsSimScenario } from "@/sim/aws";
import { DEMO, logIn, newDemoMember } from "./helpers";

/*
 * New people in the demo workspace (seeded by scripts/e2e.ts, connected to the simulated AWS
 * account) look at the generated dashboards: a member customizes one; an admin sets the workspace
 * budget and sees it on the Costs dashboard with the forecast band, and adds a ready-made alert
 * rule from an EKS cluster's dashboard, which a viewer is not offered.
 */
test("a new member opens the overview, an instance from the fleet, changes the range and adds a widget that stays", async ({ page }) => {
  test.setTimeout(120_000);
  await logIn(page, await newDemoMember({ name: "Dana Dashboard", role: "member" }));
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // The demo account's first sync runs in the worker; the overview fills in when it lands.
  const states = page.getByRole("region", { name: "Instances by state and region" });
  await expect(async () => {
    await page.reload();
    await expect(states.getByRole("table", { name: "Instances by region" })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await expect(page.getByRole("region", { name: "Cost this month" }).getByText("month to date")).toBeVisible();
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

test("the Costs dashboard shows the workspace budget and the forecast band; an EKS dashboard offers ready-made rules to editors only", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await logIn(page, await newDemoMember({ name: "Bea Budget", role: "admin" }));

  // The workspace budget, set where budgets are set.
  await page.goto(`${DEMO}/budgets`);
  await page.getByLabel("Budget for").selectOption({ label: "Workspace (Demo Company)" });
  await page.getByLabel("Monthly limit").fill("5000");
  await page.getByRole("button", { name: "Save budget" }).click();
  await expect(page.getByText("Budget saved: Workspace (Demo Company), $5000.00 a month.")).toBeVisible();

  // The Costs dashboard: budget vs actual vs forecast, and the insights forecast with its band. The
  // first cost sync (13 months from the simulator) lands in the worker shortly after start.
  await page.goto(`${DEMO}/costs`);
  const daily = page.getByRole("region", { name: "Daily spend and month-end forecast" });
  await expect(async () => {
    await page.reload();
    await expect(daily.getByTestId("cost-forecast")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 90_000 });
  await expect(daily.getByTestId("cost-forecast")).toContainText(/Month-end forecast \$[\d,]+ \(80 % band \$[\d,]+–\$[\d,]+\)/);
  await expect(daily.getByText("Forecast band (80 %)")).toBeVisible();
  await expect(daily.getByText(/Linear trend plus a weekday effect/)).toBeVisible();
  await expect(daily.locator('[data-testid="chart"][data-drawn="true"]')).not.toHaveAttribute("data-forecast-days", "0");
  const budget = page.getByRole("region", { name: "Month over month and budget" }).getByTestId("workspace-budget");
  await expect(budget).toContainText("Workspace budget");
  await expect(budget).toContainText("$5,000.00");
  await expect(budget.getByText("Forecast", { exact: true })).toBeVisible();
  await expect(page.getByText("No budget set")).toHaveCount(0);

  // The overview's cost tile compares with the same budget.
  await page.goto(`${DEMO}/`);
  await expect(page.getByRole("region", { name: "Cost this month" }).getByTestId("budget-line")).toContainText(/\d+ % of the \$5,000 budget; forecast \d+ %/);

  // A past view says it cannot compare with a budget rather than showing today's.
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  await page.goto(`${DEMO}/costs?range=30d&asOf=${encodeURIComponent(hourAgo)}`);
  await expect(page.getByTestId("past-view")).toBeVisible();
  await expect(page.getByTestId("budget-past-view")).toContainText("Budgets keep no history");

  // The EKS cluster's dashboard offers the ready-made rules; one click adds the cluster's own.
  const cluster = describeAwsSimScenario().crashLoopingPod.clusterName;
  await page.goto(`${DEMO}/dashboards/eks/${encodeURIComponent(cluster)}`);
  await expect(page.getByRole("heading", { name: `EKS cluster ${cluster}` })).toBeVisible();
  const card = page.getByRole("region", { name: "Alerts for this cluster" });
  const offered = card.getByRole("list", { name: "Ready-made rules" });
  // The pod rule for this cluster's pods: offered, or already watching when the alerts test added it for all pods.
  await expect(card.getByText(new RegExp(`^Pod in CrashLoopBackOff( on ${cluster})?$`)).first()).toBeVisible();
  await expect(offered.getByText(`Failed EKS nodes on ${cluster}`)).toBeVisible();
  await card.getByRole("button", { name: `Add Failed EKS nodes on ${cluster}` }).click();
  await expect(card.getByTestId("cluster-rules").getByRole("link", { name: `Failed EKS nodes on ${cluster}` })).toBeVisible();
  await expect(card.getByRole("button", { name: `Add Failed EKS nodes on ${cluster}` })).toHaveCount(0);
  await card.getByTestId("cluster-rules").getByRole("link", { name: `Failed EKS nodes on ${cluster}` }).click();
  await page.waitForURL(new RegExp(`${DEMO}/alerts/[0-9a-f-]{36}$`));
  await page.goto(`${DEMO}/alerts`);
  const rule = page.getByRole("list", { name: "Alert rules" }).getByRole("listitem").filter({ hasText: `Failed EKS nodes on ${cluster}` });
  await expect(rule).toContainText(`EKS cluster ${cluster}`);

  // A viewer sees the dashboard but is offered nothing to add.
  const viewerContext = await browser.newContext();
  const viewer = await viewerContext.newPage();
  await logIn(viewer, await newDemoMember({ name: "Vic Viewer", role: "viewer" }));
  await viewer.goto(`${DEMO}/dashboards/eks/${encodeURIComponent(cluster)}`);
  await expect(viewer.getByRole("heading", { name: `EKS cluster ${cluster}` })).toBeVisible();
  await expect(viewer.getByRole("region", { name: "Node groups" })).toBeVisible();
  await expect(viewer.getByRole("region", { name: "Alerts for this cluster" })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Add / })).toHaveCount(0);
  await viewerContext.close();
});
