import { NextResponse } from "next/server";
import { pathId } from "@/lib/alerts";
import { requireApiMember } from "@/lib/auth/guard";
import { handler, readJson } from "@/lib/http";
import { deleteChannel, getChannel, updateChannel } from "@/lib/notify";

type Params = { params: Promise<{ id: string }> };

export const GET = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember();
  return NextResponse.json({ channel: await getChannel(ctx, await pathId(params, "channel")) });
});

export const PATCH = handler(async (request: Request, { params }: Params) => {
  const ctx = await requireApiMember("admin");
  return NextResponse.json({ channel: await updateChannel({ ctx, id: await pathId(params, "channel"), input: await readJson(request) }) });
});

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("admin");
  await deleteChannel({ ctx, id: await pathId(params, "channel") });
  return new NextResponse(null, { status: 204 });
});
