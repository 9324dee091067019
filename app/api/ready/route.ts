import { NextResponse } from "next/server";
import journal from "@/db/migrations/meta/_journal.json";
import { getDb } from "@/lib/db";
import { checkReadiness } from "@/lib/observability";

export const dynamic = "force-dynamic";

/** Readiness (database, migrations of this build applied, job queue); /api/health is liveness. */
export async function GET() {
  const result = await checkReadiness({ db: getDb(), journal }).catch(() => null);
  if (!result) return NextResponse.json({ status: "not_ready", checks: {} }, { status: 503 });
  return NextResponse.json({ status: result.ready ? "ready" : "not_ready", checks: result.checks }, { status: result.ready ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
