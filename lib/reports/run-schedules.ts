import { and, eq, lte, sql } from "drizzle-orm";
import { reportFiles, reportRuns, reportSchedules } from "@/db/tables/reports";
import type { TenantContext } from "@/lib/auth/guard";
import { schema, withTenant, type Db } from "@/lib/db";
import type { Mailer } from "@/lib/mail";
import { getMembershipRole } from "@/lib/tenants";
import type { ReportsConfig } from "./config";
import { timeFacts } from "./describe";
import { signedDownloadUrl } from "./download-link";
import { readWhole } from "./file-store";
import { failureMessage, generateFile, insertFileRow, windowOf } from "./generate";
import { ReportRequest } from "./schemas";
import { nextRunAt, requestForRun } from "./time";

export type RunDeps = { db: Db; config: ReportsConfig; mailer: Mailer; /** `http://<slug>.<domain>` for a tenant's links. */ origin: (slug: string) => string };

/**
 * Claims the tenant's due schedules: one report_runs row per slot (the unique key makes a second
 * claim of the same slot a no-op) and the schedule moved to its next slot, in one transaction.
 * Returns the new runs' ids. Slots missed while no worker ran are not replayed: the next slot is
 * computed from now.
 */
export async function claimDueRuns(db: Db, tenantId: string, now: Date): Promise<string[]> {
  return withTenant(
    tenantId,
    async (tx) => {
      const due = await tx
        .select()
        .from(reportSchedules)
        .where(and(eq(reportSchedules.tenantId, tenantId), eq(reportSchedules.paused, false), lte(reportSchedules.nextRunAt, now)))
        .for("update", { skipLocked: true });
      const ids: string[] = [];
      for (const s of due) {
        const [run] = await tx
          .insert(reportRuns)
          .values({ tenantId, scheduleId: s.id, dueAt: s.nextRunAt, recipients: s.recipients })
          .onConflictDoNothing()
          .returning({ id: reportRuns.id });
        await tx.update(reportSchedules).set({ nextRunAt: nextRunAt(s.cadence, now), lastRunAt: now }).where(and(eq(reportSchedules.tenantId, tenantId), eq(reportSchedules.id, s.id)));
        if (run) ids.push(run.id);
      }
      return ids;
    },
    { db },
  );
}

/** The context a scheduled run acts in: its creator's, with their current role (a departed creator stops the schedule). */
async function creatorContext(db: Db, tenantId: string, userId: string | null): Promise<TenantContext | null> {
  if (!userId) return null;
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId)).limit(1);
  const [user] = await db.select({ id: schema.users.id, email: schema.users.email, name: schema.users.name }).from(schema.users).where(eq(schema.users.id, userId)).limit(1);
  const role = user ? await getMembershipRole(db, tenantId, userId) : null;
  if (!tenant || !user || !role || tenant.status !== "active") return null;
  return { tenant, db, actor: { userId: user.id, email: user.email, name: user.name, role } };
}

async function finishRun(db: Db, tenantId: string, runId: string, set: { status: "sent" | "failed"; delivery?: string; error?: string }): Promise<void> {
  await withTenant(tenantId, (tx) => tx.update(reportRuns).set({ ...set, finishedAt: new Date() }).where(and(eq(reportRuns.tenantId, tenantId), eq(reportRuns.id, runId))), { db });
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/**
 * Generates one run's report and emails it: attached when at most attachmentMaxBytes, otherwise
 * as a signed link valid until the file expires. The run row records the outcome either way.
 */
export async function executeRun(deps: RunDeps, tenantId: string, runId: string, now: Date = new Date()): Promise<"sent" | "failed" | "skipped"> {
  const { db, config } = deps;
  const claimed = await withTenant(
    tenantId,
    async (tx) => {
      const [run] = await tx.select().from(reportRuns).where(and(eq(reportRuns.tenantId, tenantId), eq(reportRuns.id, runId))).for("update");
      if (!run || run.status !== "running" || run.fileId) return null;
      const [schedule] = await tx.select().from(reportSchedules).where(and(eq(reportSchedules.tenantId, tenantId), eq(reportSchedules.id, run.scheduleId)));
      return { run, schedule };
    },
    { db },
  );
  if (!claimed) return "skipped";
  const { run, schedule } = claimed;
  const fail = async (error: string) => {
    await finishRun(db, tenantId, runId, { status: "failed", error });
    return "failed" as const;
  };
  if (!schedule) return fail("The schedule was deleted.");
  const ctx = await creatorContext(db, tenantId, schedule.createdBy);
  if (!ctx) return fail("The person who created this schedule is no longer a member of the workspace; create it again.");
  const parsed = ReportRequest.safeParse(schedule.request);
  if (!parsed.success) return fail("The schedule's report settings are no longer valid; create it again.");
  const request = requestForRun(parsed.data, schedule.cadence, run.dueAt);
  const window = windowOf(request, run.dueAt, now);
  try {
    const file = await withTenant(
      tenantId,
      async (tx) => {
        const row = await insertFileRow(tx, { tenantId, request, window, status: "running", createdBy: schedule.createdBy, createdByName: `Schedule “${schedule.name}”`, scheduleId: schedule.id, retentionDays: config.retentionDays });
        await tx.update(reportRuns).set({ fileId: row.id }).where(and(eq(reportRuns.tenantId, tenantId), eq(reportRuns.id, runId)));
        return row;
      },
      { db },
    );
    const done = await generateFile({ ctx, file, rangeAt: run.dueAt, generatedAt: now });
    const attach = done.sizeBytes <= config.attachmentMaxBytes;
    const facts = timeFacts(window)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n");
    const link = attach ? null : signedDownloadUrl({ origin: deps.origin(ctx.tenant.slug), secret: config.linkSecret, tenantId, fileId: done.id, expiresAt: done.expiresAt });
    await deps.mailer.send({
      to: run.recipients,
      subject: `${schedule.name}: ${done.title}`,
      text: [
        `${ctx.tenant.name} — ${done.title}`,
        "",
        facts,
        "",
        attach
          ? `The report is attached (${done.filename}, ${formatBytes(done.sizeBytes)}).`
          : `The report (${formatBytes(done.sizeBytes)}) is too large to attach. Download it here until ${done.expiresAt.toISOString().slice(0, 10)}:\n${link}`,
        "",
        `You receive this ${schedule.cadence} because ${schedule.createdByName} scheduled it in Monitr (Reports → Schedules).`,
      ].join("\n"),
      ...(attach ? { attachments: [{ filename: done.filename, content: await readWhole(db, tenantId, done.id), contentType: done.contentType.split(";")[0] }] } : {}),
    });
    await finishRun(db, tenantId, runId, { status: "sent", delivery: attach ? "attachment" : "link" });
    return "sent";
  } catch (error) {
    return fail(failureMessage(error));
  }
}

/** Runs left `running` by a worker that died, and files whose generation stopped moving, are closed as interrupted. */
export async function closeStaleWork(db: Db, tenantId: string, now: Date, staleMs = 15 * 60_000): Promise<void> {
  const before = new Date(now.getTime() - staleMs).toISOString();
  await withTenant(
    tenantId,
    async (tx) => {
      await tx
        .update(reportFiles)
        .set({ status: "failed", error: "Generation was interrupted (a worker stopped). Generate the report again.", finishedAt: now })
        .where(and(eq(reportFiles.tenantId, tenantId), eq(reportFiles.status, "running"), sql`coalesce(${reportFiles.heartbeatAt}, ${reportFiles.createdAt}) < ${before}::timestamptz`));
      await tx
        .update(reportRuns)
        .set({ status: "failed", error: "The run was interrupted (a worker stopped).", finishedAt: now })
        .where(
          and(
            eq(reportRuns.tenantId, tenantId),
            eq(reportRuns.status, "running"),
            sql`${reportRuns.startedAt} < ${before}::timestamptz`,
            sql`(${reportRuns.fileId} is null or exists (select 1 from report_files f where f.tenant_id = ${reportRuns.tenantId} and f.id = ${reportRuns.fileId} and f.status = 'failed'))`,
          ),
        );
    },
    { db },
  );
}

/** Queued files and open runs of a tenant (what the tick hands to jobs). */
export async function pendingWork(db: Db, tenantId: string): Promise<{ files: string[]; runs: string[] }> {
  return withTenant(
    tenantId,
    async (tx) => ({
      files: (await tx.select({ id: reportFiles.id }).from(reportFiles).where(and(eq(reportFiles.tenantId, tenantId), eq(reportFiles.status, "queued")))).map((r) => r.id),
      runs: (await tx.select({ id: reportRuns.id }).from(reportRuns).where(and(eq(reportRuns.tenantId, tenantId), eq(reportRuns.status, "running"), sql`${reportRuns.fileId} is null`))).map((r) => r.id),
    }),
    { db },
  );
}
