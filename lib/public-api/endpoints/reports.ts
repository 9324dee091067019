import { z } from "zod";
import { downloadHeaders, getReportFile, openDownload, ReportRequest, requestReport, type ReportFileView } from "@/lib/reports";
import { defineEndpoint } from "../registry";

/*
 * Reports over the API: the same verb as the Reports page (lib/reports requestReport), so the same
 * checks, the same inline-or-worker decision and the same stored files. Small reports are usually
 * done by the time POST answers; large ones are queued for a worker and polled.
 */

export const Report = z
  .object({
    id: z.uuid(),
    kind: z.enum(["metrics", "costs", "chargeback"]),
    format: z.enum(["pdf", "csv"]),
    title: z.string(),
    status: z.enum(["queued", "running", "done", "failed"]).meta({ description: "queued (waiting for a worker) → running → done, or failed (see `error`)." }),
    progress: z.number().int().min(0).max(100).meta({ description: "Percent done while running." }),
    error: z.string().nullable(),
    filename: z.string(),
    sizeBytes: z.number().int().meta({ description: "0 until done." }),
    scheduled: z.boolean().meta({ description: "Made by a schedule rather than on demand." }),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    expiresAt: z.string().meta({ description: "The file is deleted after this (REPORTS_RETENTION_DAYS)." }),
    downloadUrl: z.string().nullable().meta({ description: "Where to GET the file once done (with the same API key); null before." }),
  })
  .meta({ id: "Report" });

const fileUrl = (id: string) => `/api/v1/reports/${id}/file`;

const toReport = (f: ReportFileView): z.input<typeof Report> => ({
  id: f.id,
  kind: f.kind as z.input<typeof Report>["kind"],
  format: f.format as z.input<typeof Report>["format"],
  title: f.title,
  status: f.status,
  progress: f.progress,
  error: f.error,
  filename: f.filename,
  sizeBytes: f.sizeBytes,
  scheduled: f.scheduled,
  createdAt: f.createdAt,
  finishedAt: f.finishedAt,
  expiresAt: f.expiresAt,
  downloadUrl: f.status === "done" ? fileUrl(f.id) : null,
});

const IdParams = z.object({ id: z.uuid().meta({ description: "The report's id." }) });

export const createReport = defineEndpoint({
  operationId: "createReport",
  method: "POST",
  path: "/reports",
  tag: "Reports",
  summary: "Generate a report (PDF or CSV)",
  description:
    "Metrics (by resources, a tag or a dashboard), costs, or a month's chargeback statement for a person, team, cost center or tag value. Always answers 202 with the report: small reports are generated within the request and come back `done`; larger ones come back `queued` for a worker — poll `GET /reports/{id}` until `done`, then GET its `downloadUrl`.",
  scope: "write",
  body: ReportRequest,
  response: Report,
  status: 202,
  async handle({ ctx, body, config }) {
    const { file } = await requestReport({ ctx, input: body, config: config.reports });
    return toReport(file);
  },
});

export const getReport = defineEndpoint({
  operationId: "getReport",
  method: "GET",
  path: "/reports/{id}",
  tag: "Reports",
  summary: "A report's status and progress, and its download link once done",
  scope: "read",
  params: IdParams,
  response: Report,
  async handle({ ctx, params }) {
    return toReport(await getReportFile({ ctx, id: params.id }));
  },
});

export const downloadReport = defineEndpoint({
  operationId: "downloadReport",
  method: "GET",
  path: "/reports/{id}/file",
  tag: "Reports",
  summary: "Download a finished report",
  description: "The file's bytes (application/pdf or text/csv) with its file name in Content-Disposition. 409 while it is still being generated or when it failed.",
  scope: "read",
  params: IdParams,
  response: z.instanceof(Response),
  produces: ["application/pdf", "text/csv"],
  errors: [409],
  async handle({ ctx, params }) {
    const { file, body } = await openDownload({ db: ctx.db, tenantId: ctx.tenant.id, fileId: params.id });
    return new Response(body, { headers: downloadHeaders(file) });
  },
});
