import { NextResponse } from "next/server";
import { previewRule } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

/** The rule form's preview: the last 24 h of the metric for the scope, and when the rule would have fired. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember();
  return NextResponse.json({ preview: await previewRule({ ctx, input: await readJson(request) }) });
});
