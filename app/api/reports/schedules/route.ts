import { requireApiMember } from "@/lib/auth/guard";
import { handler } from "@/lib/http";
import { reportsApi } from "@/lib/reports";

export const GET = handler(async () => reportsApi.schedules(await requireApiMember()));

/** Schedules a report weekly or monthly to a list of emails (plan limit: scheduled reports). */
export const POST = handler(async (request: Request) => reportsApi.createSchedule(await requireApiMember(), request));
