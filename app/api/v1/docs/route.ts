import { config } from "@/lib/config";
import { handler } from "@/lib/http";
import { buildOpenApiDocument, renderApiDocs } from "@/lib/public-api";
import { apiServerUrl } from "@/lib/public-api/server-url";

export const dynamic = "force-dynamic";

/** The API reference as a plain server-rendered page (no scripts, no CDN). */
export const GET = handler(async (request: Request) => {
  const { appDomain, protocol } = config();
  const doc = buildOpenApiDocument({ serverUrl: apiServerUrl(request.headers.get("x-forwarded-host") ?? request.headers.get("host"), appDomain, protocol) });
  return new Response(renderApiDocs(doc), { headers: { "Content-Type": "text/html; charset=utf-8" } });
});
