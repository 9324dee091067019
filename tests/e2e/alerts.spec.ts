import { expect, test } from "@playwright/test";
import { readMailbox } from "@/lib/mail";
import { describeAwsSimScenario } from "@/sim/aws";
import { decodeQuotedPrintable } from "../helpers/stand-ins/quoted-printable";
import { DEMO, logIn, MAIL_DIR, newDemoMember, unique } from "./helpers";

/*
 * Alerts end to end in the demo workspace (connected to the simulated AWS account; the worker
 * collects real data from it). An admin adds an email channel, creates "CPU > 80 % for 5 min",
 * and the simulator's hot instance fires it: the email lands in the dev mailbox. Then the
 * ready-made CrashLoopBackOff rule fires on the crash-looping pod, and a rule for the pods of its
 * cluster is written through the form.
 */
const scenario = describeAwsSimScenario();
const hot = scenario.instances.hot;
const pod = scenario.crashLoopingPod;

/** The dev mailbox's messages to one recipient, with folded Subject headers unfolded. */
async function mailTo(recipient: string) {
  return (await readMailbox(MAIL_DIR))
    .filter((m) => m.to.includes(recipient))
    .map((m) => ({ ...m, subject: m.raw.match(/^Subject: (.*(?:\r?\n[ \t].*)*)/m)?.[1]?.replace(/\r?\n[ \t]+/g, " ").trim() ?? m.subject }));
}

test("CPU > 80 % for 5 min fires on the hot instance and emails; the crash-looping pod fires its rule", async ({ page }) => {
  test.setTimeout(300_000);
  await logIn(page, await newDemoMember({ name: "Alex Alerts", role: "admin" }));
  const inbox = `${unique("ops")}@demo.test`;

  // An email channel, and its "Send test".
  await page.goto(`${DEMO}/settings/channels`);
  await page.getByLabel("Channel type").selectOption("email");
  await page.getByLabel("Channel name").fill("Ops mailbox");
  await page.getByLabel("Recipients").fill(inbox);
  await page.getByRole("button", { name: "Add channel" }).click();
  const channel = page.getByRole("listitem", { name: "Ops mailbox" });
  await expect(channel).toBeVisible();
  await channel.getByRole("button", { name: "Send test to Ops mailbox" }).click();
  await expect(channel.getByText("Test message sent.")).toBeVisible();
  await expect.poll(async () => (await mailTo(inbox)).map((m) => m.subject)).toContain("[TEST] Test notification - Monitr (test)");

  // The first sync has stored the hot instance's CPU before the rule is written (the worker collects from the simulator).
  const previewBody = {
    name: "probe",
    scope: { type: "resource", kind: "ec2_instance", resourceId: hot.instanceId },
    conditions: [{ metric: "AWS/EC2/CPUUtilization", stat: "avg", windowSeconds: 300, comparator: "gt", threshold: 80 }],
    duration: { type: "for", seconds: 300 },
  };
  // From the page (Node cannot resolve demo.localhost): the same preview API the form uses.
  const firedInPreview = () =>
    page.evaluate(async (body) => {
      const res = await fetch("/api/alerts/rules/preview", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json()) as { preview?: { firing: unknown[] } };
      return json.preview?.firing.length ?? 0;
    }, previewBody);
  await expect
    .poll(firedInPreview, { timeout: 90_000, intervals: [3_000] })
    .toBeGreaterThan(0);

  // The rule, through the form. Bad input first: a field error, nothing saved.
  await page.goto(`${DEMO}/alerts/new`);
  await page.getByLabel("Rule name").fill("CPU > 80 % for 5 min");
  await page.getByLabel("Threshold").fill("eighty");
  await page.getByRole("button", { name: "Create rule" }).click();
  await expect(page.getByText("Threshold must be a number.")).toBeVisible();
  await expect(page).toHaveURL(`${DEMO}/alerts/new`);

  await page.getByLabel("Resource kind").selectOption("ec2_instance");
  await page.getByLabel("Scope").selectOption("resource");
  await page.getByLabel("Resource", { exact: true }).selectOption(hot.instanceId);
  await page.getByLabel("Metric").selectOption("AWS/EC2/CPUUtilization");
  await page.getByLabel("Statistic").selectOption("avg");
  await page.getByLabel("Window").selectOption("300");
  await page.getByLabel("Comparison").selectOption("gt");
  await page.getByLabel("Threshold").fill("80");
  await page.getByLabel("For (minutes)").fill("5");
  await page.getByLabel("Severity").selectOption("critical");
  await page.getByLabel(/Ops mailbox/).check();
  // The preview replays the rule over the stored data: the hot instance would have fired.
  await expect(page.getByTestId("preview-summary")).toContainText(/Would have fired \d+ times? in the last 24 hours/, { timeout: 60_000 });
  await page.getByRole("button", { name: "Create rule" }).click();
  await page.waitForURL(new RegExp(`${DEMO}/alerts/[0-9a-f-]{36}$`));

  // The worker evaluates at once (the rule change wakes it) and then every minute.
  const current = page.getByRole("list", { name: "Active alerts" });
  await expect(async () => {
    await page.reload();
    await expect(current.getByText(hot.instanceId)).toBeVisible({ timeout: 2_000 });
    await expect(current.getByText("Firing")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [3_000] });

  await expect
    .poll(async () => (await mailTo(inbox)).map((m) => m.subject), { timeout: 90_000 })
    .toContain(`[FIRING] CPU > 80 % for 5 min - ${hot.name} (${hot.instanceId})`);
  const mail = (await mailTo(inbox)).find((m) => m.subject.startsWith("[FIRING]"))!;
  const body = decodeQuotedPrintable(mail.raw);
  expect(body).toMatch(/CPU utilization avg over 5 min = 9\d(\.\d)? %/);
  expect(body).toContain(`/dashboards/ec2/${hot.instanceId}?from=`);
  expect((await mailTo(inbox)).filter((m) => m.subject.startsWith("[FIRING]"))).toHaveLength(1);

  // The ready-made CrashLoopBackOff rule fires on the crash-looping pod.
  await page.goto(`${DEMO}/alerts`);
  await page.getByRole("button", { name: "Add Pod in CrashLoopBackOff" }).click();
  await expect(page.getByRole("list", { name: "Alert rules" }).getByText("Pod in CrashLoopBackOff")).toBeVisible();
  const active = page.getByRole("list", { name: "Active alerts" });
  await expect(async () => {
    await page.reload();
    await expect(active.getByRole("listitem").filter({ hasText: "Pod in CrashLoopBackOff" }).filter({ hasText: pod.podName }).getByText("Firing")).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 150_000, intervals: [3_000] });

  // Acknowledge it, and see both transitions in the history.
  await active.getByRole("button", { name: new RegExp(`Acknowledge Pod in CrashLoopBackOff on ${pod.clusterName}/${pod.namespace}/${pod.podName}`) }).click();
  await expect(active.getByRole("listitem").filter({ hasText: pod.podName }).getByText("Acknowledged")).toBeVisible();
  const history = page.getByRole("table", { name: "Alert history" });
  await expect(history.getByRole("row").filter({ hasText: hot.instanceId }).first()).toBeVisible();

  // The bell counts what fired; marking read clears it.
  const bell = page.getByRole("button", { name: /Notifications, \d+ unread/ });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page.getByRole("dialog", { name: "Notifications" }).getByText("Firing: CPU > 80 % for 5 min")).toBeVisible();
  await page.getByRole("button", { name: "Mark all read" }).click();
  await expect(page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();

  // A rule for the pods of one cluster: the preview covers that cluster's pods only, the crash-looping one fires.
  const clusterPods = scenario.clusters.find((c) => c.name === pod.clusterName)!.pods.length;
  await page.goto(`${DEMO}/alerts/new`);
  await page.getByLabel("Rule name").fill(`Crash loops in ${pod.clusterName}`);
  await page.getByLabel("Resource kind").selectOption("eks_pod");
  await page.getByLabel("Scope").selectOption({ label: "EKS pods in one cluster" });
  await page.getByLabel("Cluster", { exact: true }).selectOption(pod.clusterName);
  await page.getByLabel("Metric").selectOption("ContainerInsights/pod_container_status_waiting_reason_crash_loop_back_off");
  await page.getByLabel("Statistic").selectOption("max");
  await page.getByLabel("Comparison").selectOption("gte");
  await page.getByLabel("Threshold").fill("1");
  await expect(page.getByTestId("preview-summary")).toContainText(new RegExp(`Would have fired \\d+ times? in the last 24 hours, on 1 of ${clusterPods} resources`), { timeout: 60_000 });
  await page.getByRole("button", { name: "Create rule" }).click();
  await page.waitForURL(new RegExp(`${DEMO}/alerts/[0-9a-f-]{36}$`));
  await page.goto(`${DEMO}/alerts`);
  await expect(page.getByRole("list", { name: "Alert rules" }).getByRole("listitem").filter({ hasText: `Crash loops in ${pod.clusterName}` })).toContainText(`EKS pods in cluster ${pod.clusterName}`);
});
