import { expect, test } from "@playwright/test";
import { api, PORT, unique } from "./helpers";

/*
 * A new workspace on Free connects its one AWS account (through the simulator's CloudFormation
 * stand-in), is refused a second with the upgrade prompt, and sees its usage in Settings → Billing.
 * The e2e server runs without Stripe keys: upgrading says billing is not configured.
 */
test("a Free workspace hits the AWS account limit and is offered the upgrade", async ({ page, context }) => {
  await page.goto(`http://localhost:${PORT}/signup`);
  await page.getByLabel("Full name").fill("Bea Billing");
  await page.getByLabel("Work email").fill(`${unique("bea")}@billing.test`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByLabel("Company name").fill(unique("Billed "));
  await expect(page.getByText(/is available\./)).toBeVisible();
  const slug = await page.getByLabel("Subdomain").inputValue();
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(`http://${slug}.localhost:${PORT}/`);

  await page.goto(`http://${slug}.localhost:${PORT}/settings/billing`);
  await expect(page.getByRole("heading", { name: "Billing" })).toBeVisible();
  await expect(page.getByTestId("current-plan")).toContainText("Free");
  const usage = page.getByRole("table", { name: "Plan usage" });
  await expect(usage.getByText("0 of 1 AWS accounts")).toBeVisible();
  await expect(usage.getByText("1 of 3 team members")).toBeVisible();

  await page.goto(`http://${slug}.localhost:${PORT}/settings/aws`);
  const [console] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "Create the role with CloudFormation" }).click()]);
  await console.getByLabel(/I acknowledge/).check();
  await console.getByRole("button", { name: "Create stack" }).click();
  const roleArn = (await console.getByLabel("Role ARN").textContent())!.trim();
  await console.close();
  await page.getByLabel("Role ARN").fill(roleArn);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await page.waitForURL(new RegExp(`http://${slug}\\.localhost:${PORT}/settings/aws/[0-9a-f-]{36}$`));

  // The second account is refused before Monitr calls AWS, with the upgrade prompt.
  await page.goto(`http://${slug}.localhost:${PORT}/settings/aws`);
  await page.getByLabel("Role ARN").fill(roleArn.replace(/role\/.*/, "role/SecondAccount"));
  await page.getByRole("button", { name: "Connect", exact: true }).click();
  await expect(page.getByText("Your Free plan includes 1 AWS account. Upgrade to Pro to connect more accounts.")).toBeVisible();

  await page.goto(`http://${slug}.localhost:${PORT}/settings/billing`);
  await expect(usage.getByText("1 of 1 AWS accounts")).toBeVisible();
  await expect(usage.getByRole("row", { name: /AWS accounts/ }).getByText("At limit")).toBeVisible();
  await page.getByRole("button", { name: "Upgrade to Pro" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Billing is not configured on this server" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Invoices" })).toHaveCount(0);
  await expect(page.getByText("No invoices yet")).toBeVisible();
});

test("the Stripe webhook lives on the root domain and refuses unsigned or unconfigured deliveries", async () => {
  const res = await api({ host: "localhost", path: "/api/webhooks/stripe", method: "POST", body: { id: "evt_1", type: "invoice.paid" } });
  expect(res.status).toBe(400);
  expect(res.json).toMatchObject({ error: { code: "webhook_not_configured" } });
});
