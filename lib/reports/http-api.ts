import { NextResponse } from "next/server";
import type { TenantContext } from "@/lib/auth/guard";
import type { Db } from "@/lib/db";
import { AppError, NotFoundError, parseInput, readJson, ValidationError } from "@/lib/http";
import { getLogo, removeLogo, saveLogo } from "./branding";
import type { ReportsConfig } from "./config";
import { downloadHeaders, openDownload } from "./download";
import { verifyDownload } from "./download-link";
import { getReportFile, listReportFiles, requestReport } from "./request-report";
import { createSchedule, deleteSchedule, listRuns, listSchedules, updateSchedule } from "./schedules";
import { ReportRequest, ScheduleInput, ScheduleUpdate, MAX_LOGO_BYTES } from "./schemas";

/*
 * The JSON (and file) transport of reports: validate, call one verb, respond. The route files
 * under app/api/reports pass the guard's context and the config in; the integration tests pass
 * theirs through a loopback server, so both exercise the same code.
 */
export const reportsApi = {
  async create(ctx: TenantContext, request: Request, config: ReportsConfig) {
    const input = parseInput(ReportRequest, await readJson(request));
    const { file, inline } = await requestReport({ ctx, input, config });
    return NextResponse.json({ file, inline }, { status: inline ? 201 : 202 });
  },
  async list(ctx: TenantContext) {
    return NextResponse.json({ files: await listReportFiles({ ctx }) });
  },
  async file(ctx: TenantContext, _request: Request, id: string) {
    return NextResponse.json({ file: await getReportFile({ ctx, id }) });
  },
  async download(ctx: TenantContext, _request: Request, id: string) {
    const { file, body } = await openDownload({ db: ctx.db, tenantId: ctx.tenant.id, fileId: id });
    return new Response(body, { headers: downloadHeaders(file) });
  },
  /** A signed link from an email: no session, the signature names tenant, file and expiry. */
  async signedDownload(tenant: { id: string }, db: Db, request: Request, id: string, config: ReportsConfig) {
    const params = new URL(request.url).searchParams;
    const expires = Number(params.get("expires"));
    const signature = params.get("signature") ?? "";
    if (!verifyDownload(config.linkSecret, { tenantId: tenant.id, fileId: id, expires, signature })) {
      throw new AppError("link_invalid", "This download link is invalid or has expired. Ask for the report again.", 403);
    }
    const { file, body } = await openDownload({ db, tenantId: tenant.id, fileId: id });
    return new Response(body, { headers: downloadHeaders(file) });
  },
  async schedules(ctx: TenantContext) {
    return NextResponse.json({ schedules: await listSchedules({ ctx }) });
  },
  async createSchedule(ctx: TenantContext, request: Request) {
    const input = parseInput(ScheduleInput, await readJson(request));
    return NextResponse.json({ schedule: await createSchedule({ ctx, input }) }, { status: 201 });
  },
  async updateSchedule(ctx: TenantContext, request: Request, id: string) {
    const input = parseInput(ScheduleUpdate.strict(), await readJson(request));
    return NextResponse.json({ schedule: await updateSchedule({ ctx, id, input }) });
  },
  async deleteSchedule(ctx: TenantContext, _request: Request, id: string) {
    await deleteSchedule({ ctx, id });
    return new NextResponse(null, { status: 204 });
  },
  async runs(ctx: TenantContext, _request: Request, id: string) {
    return NextResponse.json({ runs: await listRuns({ ctx, scheduleId: id }) });
  },
  async logo(ctx: TenantContext) {
    const logo = await getLogo({ ctx });
    if (!logo) throw new NotFoundError("No logo is set.");
    return new Response(new Uint8Array(logo.data), { headers: { "Content-Type": logo.contentType, "Cache-Control": "private, no-cache", "X-Content-Type-Options": "nosniff" } });
  },
  /** multipart/form-data with a `logo` file. */
  async uploadLogo(ctx: TenantContext, request: Request) {
    const length = Number(request.headers.get("content-length") ?? 0);
    if (length > MAX_LOGO_BYTES + 64 * 1024) throw new ValidationError("The logo must be at most 512 KB.", { logo: "At most 512 KB." });
    const form = await request.formData().catch(() => {
      throw new ValidationError("Send the logo as a file upload.", { logo: "Choose an image file." });
    });
    const file = form.get("logo");
    if (!(file instanceof Blob)) throw new ValidationError("Choose an image file.", { logo: "Choose an image file." });
    const saved = await saveLogo({ ctx, data: Buffer.from(await file.arrayBuffer()) });
    return NextResponse.json({ logo: saved });
  },
  async removeLogo(ctx: TenantContext) {
    await removeLogo({ ctx });
    return new NextResponse(null, { status: 204 });
  },
};
