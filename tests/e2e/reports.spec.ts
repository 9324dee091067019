import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { logIn, newDemoMember } from "./helpers";

/*
 * A new member of the demo workspace (seeded by scripts/e2e.ts, connected to the simulated AWS
 * account) generates a PDF and a CSV report of one instance over the last 7 days on the Reports
 * page and downloads both; the files say what they should.
 */

/** GET through the browser (Node cannot resolve *.localhost), with the page's session. */
const browserJson = <T>(page: Page, path: string): Promise<T> => page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;

/** A running instance that already has metrics (the worker's first sync lands shortly after start). */
async function instanceWithMetrics(page: Page): Promise<string> {
  let id = "";
  await expect(async () => {
    const resources = await browserJson<{ resources: { id: string }[] }>(page, "/api/resources?kind=ec2_instance&state=running");
    expect(resources.resources.length).toBeGreaterThan(0);
    id = resources.resources[0].id;
    const series = await browserJson<{ metrics: unknown[] }>(page, `/api/metrics/series?resourceKind=ec2_instance&resourceIds=${id}`);
    expect(series.metrics.length).toBeGreaterThan(0);
  }).toPass({ timeout: 90_000 });
  return id;
}

async function generateAndDownload(page: Page): Promise<{ name: string; content: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 60_000 }), page.getByRole("button", { name: "Generate report" }).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), content: fs.readFileSync(file) };
}

test("a new member generates a PDF and a CSV of an instance over 7 days and downloads them", async ({ page }) => {
  test.setTimeout(180_000);
  await logIn(page, await newDemoMember({ name: "Rita Reports", role: "member" }));
  const instance = await instanceWithMetrics(page);

  await page.getByRole("link", { name: "Reports", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
  // The instance list is the inventory at page load; reload until the first sync has listed it.
  await expect(async () => {
    await page.reload();
    await expect(page.getByRole("checkbox", { name: new RegExp(instance) })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await page.getByLabel("Report", { exact: true }).selectOption("metrics");
  await page.getByLabel("Source", { exact: true }).selectOption("resources");
  await page.getByRole("checkbox", { name: new RegExp(instance) }).check();
  await page.getByLabel("Time range").selectOption("7d");
  await page.getByLabel("Statistic").selectOption("avg");

  // PDF: a title page, the summary and vector charts.
  await page.getByRole("radio", { name: "PDF" }).check();
  await page.getByLabel("Page size").selectOption("A4");
  const pdf = await generateAndDownload(page);
  expect(pdf.name).toMatch(/^metrics-report-.*\.pdf$/);
  expect(pdf.content.subarray(0, 5).toString()).toBe("%PDF-");
  const pdfPath = `${test.info().outputDir}/report.pdf`;
  fs.mkdirSync(test.info().outputDir, { recursive: true });
  fs.writeFileSync(pdfPath, pdf.content);
  const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"]).toString();
  expect(text).toContain("Metrics report");
  expect(text).toContain("Demo Company");
  expect(text).toContain(instance);
  expect(text).toContain("Summary");
  expect(text).toContain("CPUUtilization");
  expect(text).toMatch(/Page 1 of \d+/);
  await expect(page.getByText("is ready; the download has started")).toBeVisible();

  // CSV: one row per datapoint, ISO-8601 UTC timestamps, this instance only.
  await page.getByRole("radio", { name: "CSV" }).check();
  const csv = await generateAndDownload(page);
  expect(csv.name).toMatch(/\.csv$/);
  const lines = csv.content.toString("utf8").trim().split("\n");
  expect(lines[0]).toBe("timestamp,resource,metric,statistic,value,unit");
  expect(lines.length).toBeGreaterThan(10);
  for (const line of lines.slice(1, 50)) expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,${instance},[^,]+,\\w+,-?[\\d.e+-]+,\\w+`));

  // Both are listed, made by this member, with download links.
  const recent = page.getByRole("table");
  await expect(recent.getByRole("row").filter({ hasText: "PDF" }).first()).toContainText("Rita Reports");
  await expect(recent.getByRole("row").filter({ hasText: "CSV" }).first()).toContainText("Rita Reports");
  await expect(recent.getByRole("link", { name: /Download/ })).toHaveCount(2);
});
