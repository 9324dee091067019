/*
 * Telling AWS errors apart. The SDK gives each service's error its wire code as `name`; the
 * same idea has different codes per protocol (EC2 says UnauthorizedOperation and
 * RequestLimitExceeded where others say AccessDenied and Throttling).
 */
type AwsLikeError = { name?: string; message?: string; $metadata?: { httpStatusCode?: number }; code?: string };

const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "Client.UnauthorizedOperation", "UnauthorizedAccess"]);
const THROTTLED = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "TooManyRequestsException",
  "LimitExceededException",
  "SlowDown",
]);
const EXPIRED = new Set(["ExpiredToken", "ExpiredTokenException", "RequestExpired"]);
const NETWORK = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "TimeoutError", "RequestTimeout", "AbortError"]);

function asAws(error: unknown): AwsLikeError {
  return typeof error === "object" && error !== null ? (error as AwsLikeError) : {};
}

export function awsErrorCode(error: unknown): string {
  const e = asAws(error);
  return e.name && e.name !== "Error" ? e.name : e.code ?? "UnknownError";
}

export function awsErrorMessage(error: unknown): string {
  return asAws(error).message ?? String(error);
}

export function isAccessDeniedCode(code: string): boolean {
  return ACCESS_DENIED.has(code);
}

export function isAccessDenied(error: unknown): boolean {
  return ACCESS_DENIED.has(awsErrorCode(error));
}

export function isExpiredCredentials(error: unknown): boolean {
  return EXPIRED.has(awsErrorCode(error));
}

/** Throttling, server-side failures and dropped connections are worth another attempt. */
export function isRetryable(error: unknown): boolean {
  const e = asAws(error);
  const code = awsErrorCode(error);
  if (THROTTLED.has(code) || NETWORK.has(code) || (e.code !== undefined && NETWORK.has(e.code))) return true;
  const status = e.$metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}

/** The IAM action AWS names in an access-denied message ("…not authorized to perform: ec2:DescribeInstances…"). */
export function deniedAction(error: unknown, fallback: string): string {
  const match = /perform:\s*([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(awsErrorMessage(error));
  return match?.[1] ?? fallback;
}
