import { sql } from "drizzle-orm";
import { recordAudit } from "@/lib/audit";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant } from "@/lib/db";
import { NotFoundError, ValidationError } from "@/lib/http/errors";
import type { ReportsConfig } from "./config";
import { REPORTS_CHANNEL, generateFile, insertFileRow, windowOf } from "./generate";
import { getFileRow, listFileRows } from "./file-store";
import { REPORT_FORMATS } from "./formats";
import { kindOf, type Work } from "./kinds";
import type { ReportWindow } from "./render-types";
import type { ReportRequest } from "./schemas";
import { fileView, type ReportFileView } from "./views";

/** Inline when the work is small enough to finish within a request; otherwise a job. */
export function runsInline(request: ReportRequest, work: Work, config: Pick<ReportsConfig, "inlineMaxRows" | "inlineMaxCharts">): boolean {
  // A PDF reads the raw points once for its summary but writes only charts; a CSV writes every row.
  if (request.format === "csv") return work.rows <= config.inlineMaxRows;
  return work.rows <= 5 * config.inlineMaxRows && work.charts <= config.inlineMaxCharts;
}

/** Checks a request can be generated (format offered, sane asOf, data to show) and sizes it. */
export async function checkRequest(ctx: TenantContext, request: ReportRequest, window: ReportWindow): Promise<Work> {
  const kind = kindOf(request);
  if (!kind.renderers[request.format]) throw new ValidationError(`${kind.label} reports are not available as ${REPORT_FORMATS[request.format].label}.`, { format: "Pick another format." });
  if (window.asOf && window.asOf.getTime() > window.generatedAt.getTime() + 60_000) throw new ValidationError("“As known at” must not be in the future.", { asOf: "Must not be in the future." });
  const work = await kind.estimate(ctx, request, window);
  if (request.kind === "metrics" && work.charts === 0) {
    throw new ValidationError("Monitr holds no metrics for this selection; pick other resources or metrics.", { source: "No metrics for this selection." });
  }
  return work;
}

/**
 * The on-demand verb (any member, viewers included: a report only reads what they can see).
 * Small reports are generated within the request and come back done; large ones are queued for
 * a worker and come back queued, with progress to poll.
 */
export async function requestReport({ ctx, input, config, now = new Date() }: { ctx: TenantContext; input: ReportRequest; config: ReportsConfig; now?: Date }): Promise<{ file: ReportFileView; inline: boolean }> {
  const window = windowOf(input, now, now);
  const work = await checkRequest(ctx, input, window);
  const inline = runsInline(input, work, config);
  const row = await withTenant(
    ctx.tenant.id,
    async (tx) => {
      const file = await insertFileRow(tx, { tenantId: ctx.tenant.id, request: input, window, status: inline ? "running" : "queued", createdBy: ctx.actor.userId, createdByName: ctx.actor.name || ctx.actor.email, retentionDays: config.retentionDays });
      await recordAudit(tx, { tenantId: ctx.tenant.id, actorUserId: ctx.actor.userId, action: "report.requested", target: file.id, data: { kind: input.kind, format: input.format, inline, estimatedRows: work.rows }, ip: ctx.session?.ip ?? null });
      if (!inline) await tx.execute(sql`select pg_notify(${REPORTS_CHANNEL}, ${ctx.tenant.id})`);
      return file;
    },
    { db: ctx.db, userId: ctx.actor.userId },
  );
  if (!inline) return { file: fileView(row), inline };
  const done = await generateFile({ ctx, file: row, generatedAt: now });
  return { file: fileView(done), inline };
}

export async function listReportFiles({ ctx, now = new Date() }: { ctx: TenantContext; now?: Date }): Promise<ReportFileView[]> {
  return (await listFileRows(ctx.db, ctx.tenant.id, now)).map(fileView);
}

export async function getReportFile({ ctx, id, now = new Date() }: { ctx: TenantContext; id: string; now?: Date }): Promise<ReportFileView> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await getFileRow(ctx.db, ctx.tenant.id, id) : undefined;
  if (!row || row.expiresAt.getTime() <= now.getTime()) throw new NotFoundError("No such report file (files are kept for a limited time).");
  return fileView(row);
}
