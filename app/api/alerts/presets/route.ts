import { NextResponse } from "next/server";
import { z } from "zod";
import { createRule, presetInput, RULE_PRESETS } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, parseInput, readJson, ValidationError } from "@/lib/http";

const AddPreset = z.object({ presetId: z.string({ error: "Pick a ready-made rule." }).min(1), channelIds: z.array(z.uuid()).max(10).default([]) });

export const GET = handler(async () => {
  await requireApiMember();
  return NextResponse.json({ presets: RULE_PRESETS });
});

export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("member");
  const { presetId, channelIds } = parseInput(AddPreset, await readJson(request));
  const input = presetInput(presetId, channelIds);
  if (!input) throw new ValidationError("Check these fields: presetId.", { presetId: "No such ready-made rule." });
  return NextResponse.json({ rule: await createRule({ ctx, input }) }, { status: 201 });
});
