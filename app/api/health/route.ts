import { NextResponse } from "next/server";
import { sql } from "drizzle-orm";
import { getDb } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  const started = Date.now();
  try {
    await getDb().execute(sql`select 1`);
    return NextResponse.json({ status: "ok", database: { status: "up", latencyMs: Date.now() - started } });
  } catch {
    return NextResponse.json({ status: "degraded", database: { status: "down" } }, { status: 503 });
  }
}
