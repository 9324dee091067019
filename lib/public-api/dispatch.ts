import { NextResponse } from "next/server";
import { withApiKey, type ApiKeyGuardDeps } from "@/lib/api-keys";
import { AppError, NotFoundError } from "@/lib/http/errors";
import { readJson } from "@/lib/http/respond";
import { parseInput } from "@/lib/http/validate";
import { setRouteLabel } from "@/lib/observability/instrument-request";
import { ENDPOINTS } from "./endpoints";
import { findRoute, Reply, type ApiConfig, type Endpoint } from "./registry";

export type ApiDeps = ApiKeyGuardDeps & ApiConfig;

/** Query strings carry strings; a repeated name keeps its last value. */
function queryObject(url: URL): Record<string, string> {
  return Object.fromEntries(url.searchParams.entries());
}

function parseParams(endpoint: Endpoint, raw: Record<string, string>): unknown {
  if (!endpoint.params) return {};
  // A malformed id names nothing: the same 404 as an id of another workspace.
  const parsed = endpoint.params.safeParse(raw);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/**
 * The /api/v1 router: finds the operation in the registry, authenticates the key with the
 * operation's scope, validates path, query and body with the operation's zod schemas, runs it.
 * Throws typed errors; the route's handler() maps them to the standard error body.
 */
export async function dispatchApiRequest(request: Request, segments: string[], deps: ApiDeps, endpoints: readonly Endpoint[] = ENDPOINTS): Promise<Response> {
  const route = findRoute(endpoints, request.method, segments);
  // Latency is recorded by operation template, not by the raw path (bounded label values).
  setRouteLabel(route && "endpoint" in route ? `/api/v1${route.endpoint.path}` : "/api/v1/*");
  if (!route) throw new AppError("route_not_found", `No API operation at ${new URL(request.url).pathname}; see /api/v1/openapi.json.`, 404);
  if ("allowed" in route) {
    return NextResponse.json(
      { error: { code: "method_not_allowed", message: `Use ${route.allowed.join(", ")} here.` } },
      { status: 405, headers: { Allow: route.allowed.join(", ") } },
    );
  }
  const { endpoint } = route;
  // Anything but a GET changes something, whatever the registry entry says: a read key never
  // reaches a verb that writes.
  const ctx = await withApiKey(request, endpoint.method === "GET" ? endpoint.scope : "write", deps);
  const params = parseParams(endpoint, route.params);
  const query = endpoint.query ? parseInput(endpoint.query, queryObject(new URL(request.url))) : {};
  const body = endpoint.body ? parseInput(endpoint.body, await readJson(request)) : undefined;
  const result = await endpoint.handle({ ctx, params, query, body, config: { reports: deps.reports } });
  if (result instanceof Response) return result;
  if (result instanceof Reply) return NextResponse.json(result.body, { status: result.status });
  if (endpoint.status === 204) return new NextResponse(null, { status: 204 });
  return NextResponse.json(result, { status: endpoint.status });
}
