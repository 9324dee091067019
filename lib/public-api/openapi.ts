import { z } from "zod";
import { ENDPOINTS } from "./endpoints";
import type { Endpoint } from "./registry";

/*
 * The OpenAPI 3.1 document, generated from the registry's zod schemas (OpenAPI 3.1 schemas are
 * JSON Schema 2020-12, which is what z.toJSONSchema emits). Named schemas (`.meta({ id })`) move
 * to components.schemas and every `#/$defs/X` becomes `#/components/schemas/X`.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  servers: { url: string; description?: string; variables?: Record<string, { default: string; description?: string }> }[];
  security: Record<string, string[]>[];
  tags: { name: string }[];
  paths: Record<string, Record<string, JsonObject>>;
  components: { securitySchemes: JsonObject; schemas: Record<string, Json>; responses: Record<string, JsonObject> };
};

const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Machine-readable, e.g. validation_failed, not_found, rate_limited." }),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional().meta({ description: "Per-field messages for validation_failed." }),
    }),
  })
  .meta({ id: "Error" });

function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      if (k === "$schema") continue;
      out[k] = k === "$ref" && typeof v === "string" ? v.replace("#/$defs/", "#/components/schemas/") : rewriteRefs(v);
    }
    return out;
  }
  return value;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, Json>): JsonObject {
  const raw = z.toJSONSchema(schema, { io, target: "draft-2020-12", unrepresentable: "any" }) as JsonObject;
  const { $defs, ...rest } = raw;
  if ($defs && typeof $defs === "object" && !Array.isArray($defs)) {
    for (const [name, def] of Object.entries($defs)) components[name] = rewriteRefs(def);
  }
  // A schema with a meta id comes back as a bare $ref to its own $defs entry.
  return rewriteRefs(rest) as JsonObject;
}

function parameters(endpoint: Endpoint, components: Record<string, Json>): JsonObject[] {
  const out: JsonObject[] = [];
  for (const [location, schema] of [["path", endpoint.params], ["query", endpoint.query]] as const) {
    if (!schema) continue;
    const object = jsonSchema(schema, "input", components);
    const properties = (object.properties ?? {}) as Record<string, JsonObject>;
    const required = new Set((object.required ?? []) as string[]);
    for (const [name, prop] of Object.entries(properties)) {
      const { description, ...propSchema } = prop;
      out.push({
        name,
        in: location,
        required: location === "path" || required.has(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: propSchema,
      });
    }
  }
  return out;
}

const ERROR_RESPONSES: Record<string, string> = {
  "400": "BadRequest",
  "401": "Unauthorized",
  "402": "PlanLimit",
  "403": "Forbidden",
  "404": "NotFound",
  "409": "Conflict",
  "429": "RateLimited",
};
const COMMON_ERRORS = ["400", "401", "403", "404", "429"];

function successResponse(endpoint: Endpoint, components: Record<string, Json>): JsonObject {
  if (endpoint.status === 204) return { description: "Done; no content." };
  if (endpoint.produces) {
    // OpenAPI 3.1 describes a binary body by its media type (a string of that media type).
    return {
      description: "The file.",
      headers: { "Content-Disposition": { description: "attachment; filename=…", schema: { type: "string" } } },
      content: Object.fromEntries(endpoint.produces.map((type) => [type, { schema: { type: "string", contentMediaType: type } }])),
    };
  }
  const description = endpoint.status === 201 ? "Created" : endpoint.status === 202 ? "Accepted" : "Success";
  return { description, content: { "application/json": { schema: jsonSchema(endpoint.response, "output", components) } } };
}

function operation(endpoint: Endpoint, components: Record<string, Json>): JsonObject {
  const errors = [...COMMON_ERRORS, ...endpoint.errors.map(String)].sort();
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    tags: [endpoint.tag],
    "x-required-scope": endpoint.scope,
    parameters: parameters(endpoint, components),
    ...(endpoint.body
      ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(endpoint.body, "input", components) } } } }
      : {}),
    responses: {
      [String(endpoint.status)]: successResponse(endpoint, components),
      ...(endpoint.alsoStatus
        ? { [String(endpoint.alsoStatus.status)]: { ...successResponse(endpoint, components), description: endpoint.alsoStatus.description } }
        : {}),
      ...Object.fromEntries(errors.map((status) => [status, { $ref: `#/components/responses/${ERROR_RESPONSES[status]}` }])),
    },
  };
}

export function buildOpenApiDocument({ serverUrl, endpoints = ENDPOINTS }: { serverUrl: string; endpoints?: readonly Endpoint[] }): OpenApiDocument {
  const schemas: Record<string, Json> = {};
  const paths: OpenApiDocument["paths"] = {};
  for (const endpoint of endpoints) {
    paths[endpoint.path] ??= {};
    paths[endpoint.path][endpoint.method.toLowerCase()] = operation(endpoint, schemas);
  }
  const errorRef = jsonSchema(ErrorBody, "output", schemas);
  const errorResponse = (description: string, headers?: JsonObject): JsonObject => ({
    description,
    ...(headers ? { headers } : {}),
    content: { "application/json": { schema: errorRef } },
  });
  return {
    openapi: "3.1.0",
    info: {
      title: "Monitr API",
      version: "1.0.0",
      description:
        "Automate Monitr: inventory, metrics, costs, budgets, reports, alert rules and AWS connections. Authenticate with an API key from Settings → API keys (`Authorization: Bearer mk_…`) on your workspace's host. Lists are paginated with `cursor`/`limit`; errors share one shape; each key has a per-minute rate limit (429 with Retry-After).",
    },
    servers: [{ url: serverUrl, description: "Your workspace" }],
    security: [{ apiKey: [] }],
    tags: [...new Set(endpoints.map((e) => e.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "An API key: mk_<8 hex>_<43 characters>." } },
      schemas,
      responses: {
        BadRequest: errorResponse("The input is not valid (`fields` names each problem)."),
        Unauthorized: errorResponse("No API key, or not a valid key of this workspace."),
        PlanLimit: errorResponse("The workspace's plan does not allow more of this; upgrade to Pro."),
        Forbidden: errorResponse("The key's scope or role does not allow this, or the workspace is suspended."),
        NotFound: errorResponse("No such object in this workspace."),
        Conflict: errorResponse("The object is not in a state that allows this yet (e.g. a report still being generated)."),
        RateLimited: errorResponse("Too many requests for this key.", { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } }),
      },
    },
  };
}
