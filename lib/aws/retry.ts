import { isRetryable } from "./aws-errors";
import type { AwsConfig } from "./config";

export type RetryPolicy = AwsConfig["retry"];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one AWS call with retries for throttling, 5xx and dropped connections: exponential
 * backoff with full jitter (AWS's recommendation, so many workers hitting one account's limit
 * spread out instead of retrying in lockstep). The SDK clients themselves make one attempt each,
 * so every attempt passes through here and through the call counter.
 */
export async function withRetry<T>(policy: RetryPolicy, call: () => Promise<T>, onRetry?: (error: unknown, attempt: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.maxAttempts || !isRetryable(error)) throw error;
      onRetry?.(error, attempt);
      const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await sleep(Math.random() * cap);
    }
  }
}
