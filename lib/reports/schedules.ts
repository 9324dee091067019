import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { reportRuns, reportSchedules } from "@/db/tables/reports";
import { recordAudit } from "@/lib/audit";
import { roleAtLeast, type TenantContext } from "@/lib/auth/guard";
import { assertWithinLimit } from "@/lib/billing";
import { withTenant } from "@/lib/db";
import { ForbiddenError, NotFoundError } from "@/lib/http/errors";
import { reportTitle } from "./describe";
import { windowOf } from "./generate";
import { checkRequest } from "./request-report";
import { ReportRequest, type ScheduleInput, type ScheduleUpdate } from "./schemas";
import { nextRunAt, requestForRun } from "./time";
import { isUuid } from "@/lib/http/validate";

export type ScheduleView = {
  id: string;
  name: string;
  title: string;
  kind: string;
  format: string;
  cadence: "weekly" | "monthly";
  recipients: string[];
  paused: boolean;
  nextRunAt: string;
  lastRunAt: string | null;
  createdByName: string;
  lastRun: { status: string; delivery: string | null; error: string | null; at: string } | null;
};

export type RunView = { id: string; dueAt: string; status: string; delivery: string | null; recipients: string[]; error: string | null; startedAt: string; finishedAt: string | null; fileId: string | null };


/** Schedules send email on the workspace's behalf: members and up manage them; viewers look. */
function assertMayManage(ctx: TenantContext): void {
  if (!roleAtLeast(ctx.actor.role, "member")) throw new ForbiddenError("Viewers cannot schedule reports.");
}

export async function createSchedule({ ctx, input, now = new Date() }: { ctx: TenantContext; input: ScheduleInput; now?: Date }): Promise<ScheduleView> {
  assertMayManage(ctx);
  // Validate what the first run will generate (dashboard exists, data to show, owner visible).
  const first = nextRunAt(input.cadence, now);
  const runRequest = requestForRun(input.request, input.cadence, first);
  await checkRequest(ctx, runRequest, windowOf(runRequest, now, now));
  const id = await withTenant(
    ctx.tenant.id,
    async (tx) => {
      // Serializes concurrent creations so two cannot both pass the plan limit.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('report_schedules:' || ${ctx.tenant.id}))`);
      const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(reportSchedules).where(eq(reportSchedules.tenantId, ctx.tenant.id));
      assertWithinLimit({ tenant: ctx.tenant, limit: "scheduledReports", current: count, now });
      const [row] = await tx
        .insert(reportSchedules)
        .values({ tenantId: ctx.tenant.id, name: input.name, request: input.request as unknown as Record<string, unknown>, cadence: input.cadence, recipients: input.recipients, nextRunAt: first, createdBy: ctx.actor.userId, createdByName: ctx.actor.name || ctx.actor.email })
        .returning({ id: reportSchedules.id });
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "report_schedule.created", target: row.id, data: { name: input.name, cadence: input.cadence, recipients: input.recipients.length, kind: input.request.kind, format: input.request.format }, ip: ctx.session?.ip ?? null });
      return row.id;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  const [view] = (await listSchedules({ ctx })).filter((s) => s.id === id);
  return view;
}

export async function listSchedules({ ctx }: { ctx: TenantContext }): Promise<ScheduleView[]> {
  return withTenant(
    ctx.tenant.id,
    async (tx) => {
      const rows = await tx.select().from(reportSchedules).where(eq(reportSchedules.tenantId, ctx.tenant.id)).orderBy(reportSchedules.createdAt);
      const last = rows.length
        ? await tx
            .selectDistinctOn([reportRuns.scheduleId])
            .from(reportRuns)
            .where(and(eq(reportRuns.tenantId, ctx.tenant.id), inArray(reportRuns.scheduleId, rows.map((r) => r.id))))
            .orderBy(reportRuns.scheduleId, desc(reportRuns.startedAt))
        : [];
      const lastBy = new Map(last.map((r) => [r.scheduleId, r]));
      return rows.map((r) => {
        const parsed = ReportRequest.safeParse(r.request);
        const run = lastBy.get(r.id);
        return {
          id: r.id,
          name: r.name,
          title: parsed.success ? reportTitle(parsed.data) : r.name,
          kind: parsed.success ? parsed.data.kind : "",
          format: parsed.success ? parsed.data.format : "",
          cadence: r.cadence,
          recipients: r.recipients,
          paused: r.paused,
          nextRunAt: r.nextRunAt.toISOString(),
          lastRunAt: r.lastRunAt?.toISOString() ?? null,
          createdByName: r.createdByName,
          lastRun: run ? { status: run.status, delivery: run.delivery, error: run.error, at: (run.finishedAt ?? run.startedAt).toISOString() } : null,
        };
      });
    },
    { db: ctx.db },
  );
}

export async function updateSchedule({ ctx, id, input, now = new Date() }: { ctx: TenantContext; id: string; input: ScheduleUpdate; now?: Date }): Promise<ScheduleView> {
  assertMayManage(ctx);
  if (!isUuid(id)) throw new NotFoundError("No such schedule.");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const [row] = await tx.select().from(reportSchedules).where(and(eq(reportSchedules.tenantId, ctx.tenant.id), eq(reportSchedules.id, id))).for("update");
      if (!row) throw new NotFoundError("No such schedule.");
      // Resuming does not send the runs missed while paused: the next slot from now on.
      const next = !input.paused && row.paused && row.nextRunAt.getTime() <= now.getTime() ? nextRunAt(row.cadence, now) : row.nextRunAt;
      await tx.update(reportSchedules).set({ paused: input.paused, nextRunAt: next }).where(and(eq(reportSchedules.tenantId, ctx.tenant.id), eq(reportSchedules.id, id)));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: input.paused ? "report_schedule.paused" : "report_schedule.resumed", target: id, ip: ctx.session?.ip ?? null });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  const [view] = (await listSchedules({ ctx })).filter((s) => s.id === id);
  return view;
}

export async function deleteSchedule({ ctx, id }: { ctx: TenantContext; id: string }): Promise<void> {
  assertMayManage(ctx);
  if (!isUuid(id)) throw new NotFoundError("No such schedule.");
  await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const gone = await tx.delete(reportSchedules).where(and(eq(reportSchedules.tenantId, ctx.tenant.id), eq(reportSchedules.id, id))).returning({ name: reportSchedules.name });
      if (gone.length === 0) throw new NotFoundError("No such schedule.");
      await tx.delete(reportRuns).where(and(eq(reportRuns.tenantId, ctx.tenant.id), eq(reportRuns.scheduleId, id)));
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "report_schedule.deleted", target: id, data: { name: gone[0].name }, ip: ctx.session?.ip ?? null });
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
}

export async function listRuns({ ctx, scheduleId }: { ctx: TenantContext; scheduleId: string }): Promise<RunView[]> {
  if (!isUuid(scheduleId)) throw new NotFoundError("No such schedule.");
  const rows = await withTenant(
    ctx.tenant.id,
    (tx) => tx.select().from(reportRuns).where(and(eq(reportRuns.tenantId, ctx.tenant.id), eq(reportRuns.scheduleId, scheduleId))).orderBy(desc(reportRuns.startedAt)).limit(50),
    { db: ctx.db },
  );
  return rows.map((r) => ({ id: r.id, dueAt: r.dueAt.toISOString(), status: r.status, delivery: r.delivery, recipients: r.recipients, error: r.error, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null, fileId: r.fileId }));
}
