import { and, eq, sql } from "drizzle-orm";
import { reportFiles } from "@/db/tables/reports";
import type { TenantContext } from "@/lib/auth/guard";
import { withTenant, type Tx } from "@/lib/db";
import { AppError } from "@/lib/http/errors";
import { logger } from "@/lib/log";
import { fileName, reportTitle } from "./describe";
import { ChunkWriter, failFile, finishFile, setProgress, type ReportFileRow } from "./file-store";
import { REPORT_FORMATS } from "./formats";
import { kindOf } from "./kinds";
import type { ReportWindow } from "./render-types";
import { ReportRequest } from "./schemas";

/** Tells every worker a report is waiting (the web process runs no job queue; see docs/decisions.md). */
export const REPORTS_CHANNEL = "monitr_reports";
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 1000;

/** The window a request covers when generated at `rangeAt` (presets are relative), as known at its asOf. */
export function windowOf(request: ReportRequest, rangeAt: Date, generatedAt: Date): ReportWindow {
  const { from, to } = kindOf(request).window(request, rangeAt);
  return { from, to, generatedAt, ...(request.asOf ? { asOf: new Date(request.asOf) } : {}) };
}

/** Inserts a file row for a request (queued for a job, or running when generated at once). */
export async function insertFileRow(
  tx: Tx,
  args: { tenantId: string; request: ReportRequest; window: ReportWindow; status: "queued" | "running"; createdBy: string | null; createdByName: string; scheduleId?: string; retentionDays: number },
): Promise<ReportFileRow> {
  const format = REPORT_FORMATS[args.request.format];
  const [row] = await tx
    .insert(reportFiles)
    .values({
      tenantId: args.tenantId,
      title: reportTitle(args.request),
      kind: args.request.kind,
      format: args.request.format,
      request: args.request as unknown as Record<string, unknown>,
      status: args.status,
      filename: fileName(args.request, args.window, format.extension),
      contentType: format.contentType,
      createdBy: args.createdBy,
      createdByName: args.createdByName,
      scheduleId: args.scheduleId ?? null,
      ...(args.status === "running" ? { startedAt: args.window.generatedAt, heartbeatAt: args.window.generatedAt } : {}),
      expiresAt: new Date(args.window.generatedAt.getTime() + args.retentionDays * 86_400_000),
    })
    .returning();
  return row;
}

/** Claims a queued file for this worker; undefined when another took it or it is gone. */
export async function claimFile(ctx: Pick<TenantContext, "db">, tenantId: string, fileId: string): Promise<ReportFileRow | undefined> {
  const [row] = await withTenant(
    tenantId,
    (tx) =>
      tx
        .update(reportFiles)
        .set({ status: "running", startedAt: sql`now()`, heartbeatAt: sql`now()` })
        .where(and(eq(reportFiles.tenantId, tenantId), eq(reportFiles.id, fileId), eq(reportFiles.status, "queued")))
        .returning(),
    { db: ctx.db },
  );
  return row;
}

/** What the file list says when generation failed: a typed error's message, otherwise a generic line (details go to the log). */
export function failureMessage(error: unknown): string {
  return error instanceof AppError ? error.message : "The report could not be generated. Try again; if it keeps failing, contact support.";
}

/**
 * Renders a running file's content into the chunk store and marks it done; on failure marks it
 * failed (keeping the row, dropping partial content) and rethrows.
 */
export async function generateFile({ ctx, file, rangeAt, generatedAt = new Date() }: { ctx: TenantContext; file: ReportFileRow; rangeAt?: Date; generatedAt?: Date }): Promise<ReportFileRow> {
  const tenantId = ctx.tenant.id;
  const started = Date.now();
  try {
    const request = ReportRequest.parse(file.request);
    const renderer = kindOf(request).renderers[request.format];
    if (!renderer) throw new AppError("unsupported_format", `${REPORT_FORMATS[request.format].label} is not available for this report.`, 400);
    const window = windowOf(request, rangeAt ?? generatedAt, generatedAt);
    const out = new ChunkWriter(ctx.db, tenantId, file.id);
    let lastWrite = 0;
    let pending: Promise<void> = Promise.resolve();
    const progress = (fraction: number) => {
      if (Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
      lastWrite = Date.now();
      pending = pending.then(() => setProgress(ctx.db, tenantId, file.id, fraction)).catch((error: unknown) => logger.warn({ err: error, fileId: file.id }, "report progress not saved"));
    };
    await renderer({ ctx, request, window, out, progress });
    await pending;
    const done = await finishFile(ctx.db, tenantId, file.id, { size: out.size, chunks: out.seq });
    logger.info({ tenantId, fileId: file.id, kind: request.kind, format: request.format, bytes: out.size, ms: Date.now() - started }, "report generated");
    return done;
  } catch (error) {
    if (!(error instanceof AppError)) logger.error({ err: error, tenantId, fileId: file.id }, "report generation failed");
    await failFile(ctx.db, tenantId, file.id, failureMessage(error)).catch((e: unknown) => logger.error({ err: e, fileId: file.id }, "could not mark report failed"));
    throw error;
  }
}
