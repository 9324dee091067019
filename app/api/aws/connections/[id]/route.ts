import { NextResponse } from "next/server";
import { z } from "zod";
import { disconnectConnection, getConnection, updateConnection, UpdateConnectionInput } from "@/lib/aws";
import { requireApiMember } from "@/lib/auth/guard";
import { awsConfig } from "@/lib/config/aws";
import { handler, NotFoundError, parseInput, readJson } from "@/lib/http";

type Params = { params: Promise<{ id: string }> };
const Id = z.uuid();

async function connectionId(params: Params["params"]): Promise<string> {
  const parsed = Id.safeParse((await params).id);
  if (!parsed.success) throw new NotFoundError("No such AWS connection.");
  return parsed.data;
}

export const GET = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember();
  return NextResponse.json({ connection: await getConnection(ctx, await connectionId(params)) });
});

export const PATCH = handler(async (request: Request, { params }: Params) => {
  const ctx = await requireApiMember("admin");
  const id = await connectionId(params);
  const input = parseInput(UpdateConnectionInput.strict(), await readJson(request));
  return NextResponse.json({ connection: await updateConnection({ ctx, id, input, aws: awsConfig() }) });
});

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("admin");
  await disconnectConnection({ ctx, id: await connectionId(params) });
  return new NextResponse(null, { status: 204 });
});
