import { requireApiMember } from "@/lib/auth/guard";
import { handler, parseInput } from "@/lib/http";
import { auditCsvStream, AuditFilter } from "@/lib/team";

/** The filtered audit log as a streamed CSV download. */
export const GET = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const filter = parseInput(AuditFilter, Object.fromEntries(new URL(request.url).searchParams));
  const stream = auditCsvStream(ctx, filter);
  const name = `${ctx.tenant.slug}-audit-${new Date().toISOString().slice(0, 10)}.csv`;
  return new Response(stream, {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"`, "cache-control": "no-store" },
  });
});
