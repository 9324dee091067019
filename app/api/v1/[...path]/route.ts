import { config } from "@/lib/config";
import { getDb } from "@/lib/db";
import { handler } from "@/lib/http";
import { opsConfig } from "@/lib/operator/ops-config";
import { dispatchApiRequest } from "@/lib/public-api";
import { reportsConfig } from "@/lib/reports";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ path: string[] }> };

// Every /api/v1 operation goes through the registry (lib/public-api/endpoints), which is also
// what the OpenAPI document is generated from.
const serve = handler(async (request: Request, { params }: Params) =>
  dispatchApiRequest(request, (await params).path, {
    db: getDb(),
    appDomain: config().appDomain,
    protocol: config().protocol,
    rateLimitPerMinute: opsConfig().apiRateLimitPerMinute,
    reports: reportsConfig(),
  }),
);

export const GET = serve;
export const POST = serve;
export const PATCH = serve;
export const DELETE = serve;
