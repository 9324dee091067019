import { NextResponse } from "next/server";
import { logger } from "@/lib/log";
import { instrumentRequest } from "@/lib/observability/instrument-request";
import { AppError, RateLimitError } from "./errors";

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

/** The JSON transport's one error mapper. */
export function errorResponse(error: unknown): NextResponse<ErrorBody> {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error instanceof RateLimitError) headers["Retry-After"] = String(error.retryAfterSeconds);
    return NextResponse.json(
      { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
      { status: error.status, headers },
    );
  }
  logger.error({ err: error }, "unhandled error in route handler");
  return NextResponse.json({ error: { code: "internal_error", message: "Something went wrong on our side." } }, { status: 500 });
}

/** Reads a JSON body; a body that is not JSON is a 400, not a 500. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new AppError("invalid_json", "The request body must be JSON.", 400);
  }
}

/**
 * Wraps a route handler so every thrown error goes through errorResponse, and every request gets
 * a request id (X-Request-Id, and on its log lines) and a latency observation by route and status.
 */
export function handler<A extends unknown[]>(fn: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> =>
    instrumentRequest(args[0], async () => {
      try {
        return await fn(...args);
      } catch (error) {
        return errorResponse(error);
      }
    });
}
