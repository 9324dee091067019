import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { createApiKey, CreateApiKeyInput, listApiKeys } from "@/lib/api-keys";
import { requireApiMember } from "@/lib/auth/guard";
import { clientIp } from "@/lib/auth/next-auth";
import { handler, parseInput, readJson } from "@/lib/http";

export const GET = handler(async () => {
  const ctx = await requireApiMember("admin");
  return NextResponse.json({ keys: await listApiKeys(ctx) });
});

/** The key is in this response and nowhere else, ever. */
export const POST = handler(async (request: Request) => {
  const ctx = await requireApiMember("admin");
  const input = parseInput(CreateApiKeyInput, await readJson(request));
  const h = await headers();
  const created = await createApiKey({ ctx, input, ip: clientIp((n) => h.get(n)) });
  return NextResponse.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
});
