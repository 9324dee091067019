import type { z } from "zod";
import type { ApiContext, ApiKeyScope } from "@/lib/api-keys";
import type { ReportsConfig } from "@/lib/reports";

export type HttpMethod = "GET" | "POST" | "PATCH" | "DELETE";

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** Configuration the edge reads once and operations need (verbs never read process.env). */
export type ApiConfig = { reports: ReportsConfig };

/** Error statuses some operations add to the common ones (400, 401, 403, 404, 429). */
export type ExtraError = 402 | 409;

/** A JSON answer with another status than the operation's usual one (documented in `alsoStatus`). */
export class Reply<T> {
  constructor(
    readonly status: 200 | 201,
    readonly body: T,
  ) {}
}

/**
 * One public API operation: the zod schemas are both the runtime validation and the source of the
 * OpenAPI document (lib/public-api/openapi.ts), so the two cannot drift apart.
 */
export type EndpointDef<Q extends AnyObject, P extends AnyObject, B extends z.ZodType, R extends z.ZodType> = {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI-style path relative to /api/v1, e.g. "/connections/{id}". */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  scope: ApiKeyScope;
  query?: Q;
  params?: P;
  body?: B;
  /** The JSON body's schema; for a file, `z.instanceof(Response)` with `produces`. */
  response: R;
  /** Media types of a file response (the handler returns the Response itself). */
  produces?: readonly string[];
  status?: 200 | 201 | 202 | 204;
  /** A second success status the handler may answer with a Reply, e.g. 200 when a POST replaced rather than created. */
  alsoStatus?: { status: 200 | 201; description: string };
  errors?: readonly ExtraError[];
  handle(args: { ctx: ApiContext; query: z.output<Q>; params: z.output<P>; body: z.output<B>; config: ApiConfig }): Promise<z.input<R> | Reply<z.input<R>>>;
};

/** The erased shape the router and the document generator work with. */
export type Endpoint = {
  operationId: string;
  method: HttpMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  scope: ApiKeyScope;
  query?: AnyObject;
  params?: AnyObject;
  body?: z.ZodType;
  response: z.ZodType;
  produces?: readonly string[];
  status: 200 | 201 | 202 | 204;
  alsoStatus?: { status: 200 | 201; description: string };
  errors: readonly ExtraError[];
  handle(args: { ctx: ApiContext; query: unknown; params: unknown; body: unknown; config: ApiConfig }): Promise<unknown>;
};

export function defineEndpoint<Q extends AnyObject, P extends AnyObject, B extends z.ZodType, R extends z.ZodType>(def: EndpointDef<Q, P, B, R>): Endpoint {
  return {
    ...def,
    // Query strings are checked strictly (an unknown parameter is a 400); built once, because a
    // zod object compiles its parser on first use and a schema made per request would recompile.
    ...(def.query ? { query: def.query.strict() } : {}),
    status: def.status ?? 200,
    errors: def.errors ?? [],
    handle: (args) => def.handle(args as { ctx: ApiContext; query: z.output<Q>; params: z.output<P>; body: z.output<B>; config: ApiConfig }),
  };
}

export type RouteMatch = { endpoint: Endpoint; params: Record<string, string> };

/** Matches `/connections/abc` against `/connections/{id}`; literal segments win over parameters. */
export function matchPath(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split("/").filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith("{") && part.endsWith("}")) params[part.slice(1, -1)] = segments[i];
    else if (part !== segments[i]) return null;
  }
  return params;
}

export function findRoute(endpoints: readonly Endpoint[], method: string, segments: string[]): RouteMatch | { allowed: HttpMethod[] } | null {
  const matching = endpoints
    .map((endpoint) => ({ endpoint, params: matchPath(endpoint.path, segments) }))
    .filter((m): m is RouteMatch => m.params !== null)
    // A literal segment is more specific than a parameter: /series/query before /series/{id}.
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  if (matching.length === 0) return null;
  const hit = matching.find((m) => m.endpoint.method === method);
  return hit ?? { allowed: [...new Set(matching.map((m) => m.endpoint.method))] };
}
