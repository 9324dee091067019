import { expect, test } from "@playwright/test";
import { PORT, unique } from "./helpers";

/*
 * In demo mode the CloudFormation quick-create link opens the simulator's stand-in console,
 * which creates a role trusting this workspace's ExternalId — the real ExternalId check.
 */
test("a new workspace connects AWS through the CloudFormation link and sees its first sync", async ({ page, context }) => {
  const company = unique("Cloudy ");
  await page.goto(`http://localhost:${PORT}/signup`);
  await page.getByLabel("Full name").fill("Carla Cloud");
  await page.getByLabel("Work email").fill(`${unique("carla")}@cloudy.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByLabel("Company name").fill(company);
  await expect(page.getByText(/is available\./)).toBeVisible();
  const slug = await page.getByLabel("Subdomain").inputValue();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(`http://${slug}.localhost:${PORT}/`);

  await page.getByRole("link", { name: "Connect your AWS account" }).click();
  await expect(page.getByRole("heading", { name: "AWS accounts" })).toBeVisible();
  const externalId = (await page.getByLabel("ExternalId").textContent())!.trim();
  expect(externalId).toMatch(/^monitr-[0-9a-f]{32}$/);

  // A role with someone else's ExternalId cannot be assumed: the test says so, and Connect refuses.
  await page.getByLabel("Role ARN").fill("arn:aws:iam::123456789012:role/MonitrReadOnly");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByText(/Monitr could not assume this role/)).toBeVisible();
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByText(/not authorized to perform: sts:AssumeRole|could not be assumed|ExternalId/i).first()).toBeVisible();

  await page.getByLabel("Role ARN").fill("not an arn");
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByText("Paste the role's ARN, like arn:aws:iam::123456789012:role/MonitrReadOnly.")).toBeVisible();

  const [console] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Create the role with CloudFormation" }).click()]);
  await expect(console.getByRole("heading", { name: "Quick create stack" })).toBeVisible();
  await expect(console.locator('input[name="param_ExternalId"]')).toHaveValue(externalId);
  await console.getByLabel(/I acknowledge/).check();
  await console.getByRole("button", { name: "Create stack" }).click();
  const roleArn = (await console.getByLabel("Role ARN").textContent())!.trim();
  expect(roleArn).toMatch(/^arn:aws:iam::123456789012:role\//);
  await console.close();

  await page.getByLabel("Role ARN").fill(roleArn);
  await page.getByLabel("Name (optional)").fill("Production");
  await page.getByRole("button", { name: "Test connection" }).click();
  const checks = page.getByRole("list", { name: "Permission checks" });
  await expect(checks).toBeVisible();
  await expect(page.getByText(/Every permission works/)).toBeVisible();
  await expect(checks.getByText("missing")).toHaveCount(0);

  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.waitForURL(new RegExp(`http://${slug}\\.localhost:${PORT}/settings/aws/[0-9a-f-]{36}$`));
  await expect(page.getByRole("heading", { name: "Production" })).toBeVisible();
  await expect(page.getByText("First sync complete. Your dashboards are ready.")).toBeVisible({ timeout: 45_000 });
  const progress = page.getByLabel("First sync progress");
  await expect(progress.getByText("Resources found").locator("..").locator("dd")).not.toHaveText("0");

  await page.reload();
  const history = page.getByRole("table", { name: "Sync history" });
  await expect(history.getByRole("cell", { name: "initial" })).toBeVisible();
  await expect(history.getByRole("cell", { name: "succeeded" }).first()).toBeVisible();

  // The schedule's price in the customer's own AWS bill, before they change it.
  const cost = page.getByTestId("collection-cost");
  await expect(cost).toContainText(/about \$[\d,.]+ a month of CloudWatch GetMetricData charges every 5 minutes/);
  const fiveMinutes = Number((await cost.locator("strong").textContent())!.replace(/[^\d.]/g, ""));
  await page.getByLabel("Collect metrics every").selectOption("60");
  await expect(cost).toContainText("charges every minute");
  const oneMinute = Number((await cost.locator("strong").textContent())!.replace(/[^\d.]/g, ""));
  expect(oneMinute).toBeCloseTo(fiveMinutes * 5, 0);
  await expect(cost).toContainText(/Last 24 hours, measured: [\d,]+ metrics requested/);

  // The region picker offers the account's enabled regions (DescribeRegions), not a fixed list.
  const settings = page.getByRole("group", { name: "Regions to monitor" });
  await expect(settings.getByRole("checkbox", { name: /us-east-1/ })).toBeChecked();
  await expect(settings.getByRole("checkbox", { name: /eu-west-1/ })).toBeChecked();
  await expect(settings.getByRole("checkbox")).toHaveCount(2);
  await expect(settings.getByRole("checkbox", { name: /us-west-2/ })).toHaveCount(0);

  // Cost allocation tag keys: suggested from the resources' tags, checked, saved.
  const tagKeys = page.getByLabel("Cost allocation tag keys");
  await expect(page.getByText(/On this account's resources: .*\bteam\b/)).toBeVisible();
  await tagKeys.fill("team, cost<center>");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText('"cost<center>" is not a tag key: AWS allows letters, numbers, spaces and _ . : / = + - @.')).toBeVisible();
  await expect(tagKeys).toHaveAttribute("aria-invalid", "true");
  await tagKeys.fill("team, env");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Cost allocation tag keys")).toHaveValue("team, env");
  await expect(page.getByLabel("Collect metrics every")).toHaveValue("60");

  // Sync history: when each run finished, and only one kind at a time.
  const runs = page.getByRole("table", { name: "Sync history" });
  await expect(runs.getByRole("columnheader", { name: "Finished" })).toBeVisible();
  await expect(runs.getByRole("columnheader", { name: "Duration" })).toBeVisible();
  await page.getByRole("navigation", { name: "Filter sync history by kind" }).getByRole("link", { name: "inventory" }).click();
  await page.waitForURL(/\?kind=inventory$/);
  await expect(runs.getByRole("cell", { name: "inventory", exact: true }).first()).toBeVisible();
  await expect(runs.getByRole("cell", { name: "initial", exact: true })).toHaveCount(0);
  await expect(runs.getByRole("cell", { name: /^\d+(\.\d)? (ms|s)$/ }).first()).toBeVisible();
  // The same filter on the JSON route, and a clear 400 for an unknown kind.
  const connectionId = new URL(page.url()).pathname.split("/").pop()!;
  // (fetched from the page: Node cannot resolve *.localhost, Chromium can)
  const getRuns = (kind: string) =>
    page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, body: (await res.json()) as { runs?: { kind: string }[]; error?: { code: string } } };
    }, `/api/aws/connections/${connectionId}/sync-runs?kind=${kind}`);
  const costsOnly = await getRuns("costs");
  expect(costsOnly.status).toBe(200);
  expect(costsOnly.body.runs?.length).toBeGreaterThan(0);
  expect(costsOnly.body.runs?.every((r) => r.kind === "costs")).toBe(true);
  const badKind = await getRuns("everything");
  expect(badKind.status).toBe(400);
  expect(badKind.body.error?.code).toBeTruthy();

  // An admin re-tests the role's permissions from the page: every check passes, health stays.
  await page.getByRole("button", { name: "Re-test permissions" }).click();
  await expect(page.getByText("Permissions re-tested. The connection is healthy.")).toBeVisible();

  // Free plan: one AWS account.
  await page.goto(`http://${slug}.localhost:${PORT}/settings/aws`);
  await page.getByLabel("Role ARN").fill(roleArn.replace(/role\/.*/, "role/Another"));
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByText(/Upgrade to Pro/i)).toBeVisible();

  // Disconnecting: the account moves out of "Connected accounts", marked, and its page offers no changes.
  await page.getByRole("list", { name: "AWS connections" }).getByRole("link", { name: "Production" }).click();
  page.once("dialog", (dialog) => void dialog.accept());
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.waitForURL(`http://${slug}.localhost:${PORT}/settings/aws`);
  await expect(page.getByRole("heading", { name: "Connected accounts", exact: true })).toHaveCount(0);
  const gone = page.getByRole("list", { name: "Disconnected AWS connections" });
  await expect(gone.getByText("Disconnected", { exact: true })).toBeVisible();
  await expect(page.getByText("Their data stays until retention removes it.")).toBeVisible();
  await gone.getByRole("link", { name: "Production" }).click();
  await expect(page.getByRole("heading", { name: "Production" })).toBeVisible();
  await expect(page.getByText("Disconnected", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Disconnect" })).toHaveCount(0);
  await expect(page.getByRole("table", { name: "Sync history" })).toBeVisible();
});
