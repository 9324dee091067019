import type { ServiceName } from "./service-errors";
import type { CallContext, ProtocolName, RawRequest, ResolvedCall, ServiceModule, SimResponse } from "./protocols";
import { SimError } from "./sim-error";

export interface QueryAction {
  selfAuthorizing?: boolean;
  handle(ctx: CallContext, params: URLSearchParams): SimResponse;
}

export interface QueryServiceOptions {
  name: ServiceName;
  signingName: string;
  protocol: "query" | "ec2";
  regional: boolean;
  version: string;
  actions: Record<string, QueryAction>;
}

/** Query-protocol services: form-encoded `Action=…&Version=…` in the body (or URL). */
export function createQueryService(options: QueryServiceOptions): ServiceModule {
  return {
    name: options.name,
    signingName: options.signingName,
    protocol: options.protocol,
    regional: options.regional,
    resolve(request: RawRequest): ResolvedCall {
      const params = new URLSearchParams(request.query);
      for (const [key, value] of new URLSearchParams(request.body.toString("utf8"))) params.append(key, value);
      const action = params.get("Action") ?? "";
      const handler = Object.hasOwn(options.actions, action) ? options.actions[action] : undefined;
      if (!handler) {
        throw new SimError("InvalidAction", `Could not find operation ${action} for version ${params.get("Version") ?? options.version}`);
      }
      return {
        action,
        selfAuthorizing: handler.selfAuthorizing ?? false,
        execute: (ctx) => handler.handle(ctx, params),
      };
    },
  };
}

export interface JsonAction {
  handle(ctx: CallContext, input: Record<string, unknown>): unknown;
}

export interface JsonServiceOptions {
  name: ServiceName;
  signingName: string;
  protocol: Extract<ProtocolName, "json-1.0-query-compat" | "json-1.1">;
  regional: boolean;
  /** X-Amz-Target prefix, e.g. GraniteServiceVersion20100801. */
  targetPrefix: string;
  actions: Record<string, JsonAction>;
  respond(value: unknown, requestId: string): SimResponse;
}

/** JSON-RPC services: the action is in X-Amz-Target, the input is the JSON body. */
export function createJsonService(options: JsonServiceOptions): ServiceModule {
  return {
    name: options.name,
    signingName: options.signingName,
    protocol: options.protocol,
    regional: options.regional,
    resolve(request: RawRequest): ResolvedCall {
      const target = String(request.headers["x-amz-target"] ?? "");
      const [prefix, action = ""] = target.split(".");
      const handler = prefix === options.targetPrefix && Object.hasOwn(options.actions, action) ? options.actions[action] : undefined;
      if (!handler) throw new SimError("InvalidAction", `Unknown operation ${target}`);
      let input: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(request.body.toString("utf8") || "{}");
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) input = parsed as Record<string, unknown>;
      } catch {
        throw new SimError({ code: "SerializationException", status: 400 }, "Request body is not valid JSON");
      }
      return {
        action,
        selfAuthorizing: false,
        execute: (ctx) => options.respond(handler.handle(ctx, input), ctx.requestId),
      };
    },
  };
}
