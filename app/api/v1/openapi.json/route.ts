import { NextResponse } from "next/server";
import { config } from "@/lib/config";
import { handler } from "@/lib/http";
import { buildOpenApiDocument } from "@/lib/public-api";
import { apiServerUrl } from "@/lib/public-api/server-url";

export const dynamic = "force-dynamic";

export const GET = handler(async (request: Request) => {
  const { appDomain, protocol } = config();
  const doc = buildOpenApiDocument({ serverUrl: apiServerUrl(request.headers.get("x-forwarded-host") ?? request.headers.get("host"), appDomain, protocol) });
  return NextResponse.json(doc, { headers: { "Cache-Control": "public, max-age=300" } });
});
