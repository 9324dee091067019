import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { reportsApi, reportsConfig } from "@/lib/reports";

/** The workspace's report files, newest first (kept for REPORTS_RETENTION_DAYS). */
export const GET = handler(async () => reportsApi.list(await requireApiMember()));

/** Generates a report: 201 with the finished file when small, 202 with a queued file (poll it) when large. */
export const POST = handler(async (request: Request) => reportsApi.create(await requireApiMember(), request, reportsConfig()));
