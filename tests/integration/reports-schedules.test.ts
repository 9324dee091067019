import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant } from "@/lib/db";
import { createMailer } from "@/lib/mail";
import { upsertSeries, writePoints, type Point } from "@/lib/metrics";
import { claimDueRuns, createSchedule, deleteSchedule, executeRun, listRuns, listSchedules, ScheduleInput, updateSchedule, verifyDownload, type RunDeps } from "@/lib/reports";
import { eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db";
import { createTenant } from "./aws-test-kit";
import { addMember, seedInventory } from "./dashboards-kit";
import { inspectPdf, testReportsConfig } from "./reports-kit";

const MIN = 60_000;
const DAY = 86_400_000;

type Received = { from: string; to: string[]; raw: string };

let t: TestDatabase;
let owner: TenantContext;
let smtp: SMTPServer;
const received: Received[] = [];
let deps: RunDeps;

const input = (name: string, format: "pdf" | "csv" = "pdf") =>
  ScheduleInput.parse({
    name,
    cadence: "weekly",
    recipients: "ana@example.com, Ops@Example.com",
    request: { kind: "metrics", format, range: { preset: "7d" }, source: { by: "resources", resourceKind: "ec2_instance", resourceIds: ["i-0aaa"] } },
  });

/** The decoded body of the MIME part whose headers match. */
function mimePart(raw: string, header: RegExp): Buffer | null {
  const parts = raw.split(/\r?\n--[^\r\n]+/);
  const part = parts.find((p) => header.test(p));
  if (!part) return null;
  const [, body = ""] = part.split(/\r?\n\r?\n/);
  return Buffer.from(body.replace(/\s+/g, ""), "base64");
}

beforeAll(async () => {
  t = await createTestDatabase();
  owner = await createTenant(t.db);
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (c: Buffer) => (raw += c.toString("latin1")));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const { port } = smtp.server.address() as { port: number };
  deps = { db: t.db, config: testReportsConfig(), mailer: createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: "Monitr <reports@monitr.test>", mailDir: "/nonexistent" }), origin: (slug) => `http://${slug}.localhost:3000` };
  const connection = await seedInventory(t.db, owner, [{ id: "i-0aaa", name: "web-1" }], new Date(Date.now() - 60 * DAY));
  const [cpu] = await withTenant(owner.tenant.id, (tx) => upsertSeries(tx, owner.tenant.id, [{ connectionId: connection.id, region: "us-east-1", resourceKind: "ec2_instance", resourceId: "i-0aaa", namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: { InstanceId: "i-0aaa" }, stat: "Average", unit: "Percent", periodSeconds: 300 }]), { db: t.db });
  const points: Point[] = [];
  for (let ts = Math.floor((Date.now() - 20 * DAY) / (5 * MIN)) * 5 * MIN, i = 0; ts < Date.now(); ts += 5 * MIN, i++) points.push({ seriesId: cpu.id, ts: new Date(ts), value: 50 + 40 * Math.sin(i / 30) });
  for (let i = 0; i < points.length; i += 5000) await withTenant(owner.tenant.id, (tx) => writePoints(tx, owner.tenant.id, points.slice(i, i + 5000)), { db: t.db });
}, 300_000);

afterAll(async () => {
  await new Promise<void>((resolve) => smtp?.close(() => resolve()));
  await t?.drop();
});

describe("scheduled reports", () => {
  it("refuses viewers and a second schedule on the Free plan", async () => {
    const viewer = await addMember(t.db, owner, "viewer");
    await expect(createSchedule({ ctx: viewer, input: input("Viewer's") })).rejects.toMatchObject({ status: 403 });
    const first = await createSchedule({ ctx: owner, input: input("Weekly fleet") });
    expect(first).toMatchObject({ name: "Weekly fleet", cadence: "weekly", paused: false, recipients: ["ana@example.com", "ops@example.com"], lastRun: null, createdByName: "Ada" });
    expect(new Date(first.nextRunAt).getUTCDay()).toBe(1);
    await expect(createSchedule({ ctx: owner, input: input("Second") })).rejects.toMatchObject({ status: 402, code: "plan_limit" });
    expect(await listSchedules({ ctx: owner })).toHaveLength(1);
  });

  it("runs once per slot and sends one email with the PDF attached to a local SMTP server", async () => {
    const [schedule] = await listSchedules({ ctx: owner });
    const due = new Date(new Date(schedule.nextRunAt).getTime() + MIN);
    const runs = await claimDueRuns(t.db, owner.tenant.id, due);
    expect(runs).toHaveLength(1);
    expect(await claimDueRuns(t.db, owner.tenant.id, due)).toEqual([]);
    const before = received.length;
    expect(await executeRun(deps, owner.tenant.id, runs[0], due)).toBe("sent");
    expect(await executeRun(deps, owner.tenant.id, runs[0], due)).toBe("skipped");
    expect(received.length - before).toBe(1);
    const mail = received[received.length - 1];
    expect(mail.to.sort()).toEqual(["ana@example.com", "ops@example.com"]);
    expect(mail.raw).toMatch(/Subject: Weekly fleet: Metrics report/);
    expect(mail.raw).toContain("Data as known at");
    const pdf = mimePart(mail.raw, /Content-Type: application\/pdf/);
    expect(pdf?.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await inspectPdf(pdf!)).text;
    expect(text).toContain("web-1 (i-0aaa)");
    // Last week, relative to the run's slot: Monday to Monday.
    const weekStart = new Date(new Date(schedule.nextRunAt).getTime() - 6 * 3_600_000 - 7 * DAY).toISOString().slice(0, 10);
    expect(text).toContain(`${weekStart} 00:00 UTC`);
    const [run] = await listRuns({ ctx: owner, scheduleId: schedule.id });
    expect(run).toMatchObject({ status: "sent", delivery: "attachment", recipients: ["ana@example.com", "ops@example.com"] });
    expect((await listSchedules({ ctx: owner }))[0].lastRun).toMatchObject({ status: "sent", delivery: "attachment" });
    const [file] = await withTenant(owner.tenant.id, (tx) => tx.select().from(schema.reportFiles).where(eq(schema.reportFiles.id, run.fileId!)), { db: t.db });
    expect(file).toMatchObject({ status: "done", createdByName: "Schedule “Weekly fleet”", scheduleId: schedule.id });
  });

  it("sends a signed, expiring link when the file is over the attachment limit", async () => {
    const [schedule] = await listSchedules({ ctx: owner });
    const due = new Date(new Date(schedule.nextRunAt).getTime() + MIN);
    const [runId] = await claimDueRuns(t.db, owner.tenant.id, due);
    const small = { ...deps, config: { ...deps.config, attachmentMaxBytes: 100 } };
    expect(await executeRun(small, owner.tenant.id, runId, due)).toBe("sent");
    const mail = received[received.length - 1];
    expect(mimePart(mail.raw, /Content-Type: application\/pdf/)).toBeNull();
    const unfolded = mail.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
    const link = /http:\/\/[^\s]+\/api\/reports\/files\/([0-9a-f-]{36})\/download\?expires=(\d+)&signature=([\w-]+)/.exec(unfolded);
    expect(link?.[0]).toContain(`http://${owner.tenant.slug}.localhost:3000/`);
    const [, fileId, expires, signature] = link!;
    expect(verifyDownload(deps.config.linkSecret, { tenantId: owner.tenant.id, fileId, expires: Number(expires), signature })).toBe(true);
    expect(Number(expires) * 1000).toBeGreaterThan(Date.now() + 6 * DAY);
    const [run] = await listRuns({ ctx: owner, scheduleId: schedule.id });
    expect(run).toMatchObject({ status: "sent", delivery: "link" });
  });

  it("pauses, resumes and deletes; a paused schedule does not run", async () => {
    const [schedule] = await listSchedules({ ctx: owner });
    expect(await updateSchedule({ ctx: owner, id: schedule.id, input: { paused: true } })).toMatchObject({ paused: true });
    const far = new Date(Date.now() + 30 * DAY);
    expect(await claimDueRuns(t.db, owner.tenant.id, far)).toEqual([]);
    const resumed = await updateSchedule({ ctx: owner, id: schedule.id, input: { paused: false } });
    expect(resumed.paused).toBe(false);
    await deleteSchedule({ ctx: owner, id: schedule.id });
    expect(await listSchedules({ ctx: owner })).toEqual([]);
    expect(await listRuns({ ctx: owner, scheduleId: schedule.id })).toEqual([]);
    await expect(deleteSchedule({ ctx: owner, id: schedule.id })).rejects.toMatchObject({ status: 404 });
    const audit = await withTenant(owner.tenant.id, (tx) => tx.select({ action: schema.auditLog.action }).from(schema.auditLog).where(eq(schema.auditLog.target, schedule.id)), { db: t.db });
    expect(audit.map((a) => a.action).sort()).toEqual(["report_schedule.created", "report_schedule.deleted", "report_schedule.paused", "report_schedule.resumed"]);
  });
});
