import { NextResponse } from "next/server";
import { requireApiMember } from "@/lib/auth/guard";
import { keyring } from "@/lib/crypto";
import { handler, readJson } from "@/lib/http";
import { createChannel, listChannels } from "@/lib/notify";

export const GET = handler(async () => {
  const ctx = await requireApiMember();
  return NextResponse.json({ channels: await listChannels(ctx) });
});

/** Secrets go in once; a webhook's generated signing secret comes back once, in `revealed`. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("admin");
  return NextResponse.json(await createChannel({ ctx, keyring: keyring(), input: await readJson(request) }), { status: 201 });
});
