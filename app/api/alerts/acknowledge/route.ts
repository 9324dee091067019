import { NextResponse } from "next/server";
import { z } from "zod";
import { acknowledgeAlert } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, parseInput, readJson } from "@/lib/http";

const Ack = z.object({ ruleId: z.uuid({ error: "Not a rule id." }), resourceId: z.string().min(1).max(300) });

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  await acknowledgeAlert({ ctx, ...parseInput(Ack, await readJson(request)) });
  return NextResponse.json({ acknowledged: true });
});
