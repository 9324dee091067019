import { headers } from "next/headers";
import { NextResponse } from "next/server";
import { revokeApiKey } from "@/lib/api-keys";
import { requireApiMember } from "@/lib/auth/guard";
import { clientIp } from "@/lib/auth/next-auth";
import { handler } from "@/lib/http";

type Params = { params: Promise<{ id: string }> };

export const DELETE = handler(async (_request: Request, { params }: Params) => {
  const ctx = await requireApiMember("admin");
  const h = await headers();
  const apiKey = await revokeApiKey({ ctx, id: (await params).id, ip: clientIp((n) => h.get(n)) });
  return NextResponse.json({ apiKey });
});
