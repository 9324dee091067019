import { NextResponse } from "next/server";
import { addPresetRule, RULE_PRESETS } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";

export const GET = handler(async () => {
  await requireApiMember();
  return NextResponse.json({ presets: RULE_PRESETS });
});

/** `{ presetId, channelIds?, resourceId?, cluster? }`: the ready-made rule, for all of its kind, one resource or one cluster's pods. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  return NextResponse.json({ rule: await addPresetRule({ ctx, input: await readJson(request) }) }, { status: 201 });
});
