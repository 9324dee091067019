import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, parseInput } from "@/lib/http";
import { AuditFilter, listAuditEvents } from "@/lib/team";

/** ?actor=&action=&from=YYYY-MM-DD&to=YYYY-MM-DD&before=<id>: 50 events, newest first. */
export const GET = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  const filter = parseInput(AuditFilter, Object.fromEntries(new URL(request.url).searchParams));
  const events = await listAuditEvents(ctx, filter, 50);
  return NextResponse.json({ events, nextBefore: events.length === 50 ? events.at(-1)!.id : null });
});
