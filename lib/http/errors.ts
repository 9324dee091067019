/*
 * Typed errors thrown by verbs. Each transport has one mapper (lib/http/respond.ts for JSON
 * route handlers); raw error messages of unknown errors never reach a client.
 */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super("validation_failed", message, 400, fields);
  }
}
export class UnauthorizedError extends AppError {
  constructor(message = "Sign in to continue.") {
    super("unauthorized", message, 401);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = "Your role does not allow this action.") {
    super("forbidden", message, 403);
  }
}
export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super("not_found", message, 404);
  }
}
export class ConflictError extends AppError {
  constructor(message: string, fields?: FieldErrors) {
    super("conflict", message, 409, fields);
  }
}
export class PlanLimitError extends AppError {
  constructor(message: string) {
    super("plan_limit", message, 402);
  }
}
export class RateLimitError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super("rate_limited", message, 429);
  }
}
export class UpstreamError extends AppError {
  constructor(message: string) {
    super("upstream_error", message, 502);
  }
}
