import type { Mailer } from "@/lib/mail";
import type { AlertMessage } from "../message";

/** Deployment-wide settings and clients, built once at the edge (worker, route handler, test). */
export type NotifyDeps = {
  mailer: Mailer;
  /** Slack Web API base, e.g. https://slack.com/api/ (a local stand-in in tests). */
  slackApiUrl: string;
  /** PagerDuty Events API v2 enqueue URL. */
  pagerDutyEventsUrl: string;
  /** Per delivery attempt. */
  timeoutMs: number;
};

/** A channel as delivery sees it: its settings and its decrypted secrets. */
export type ChannelTarget = { id: string; name: string; config: Record<string, unknown>; secrets: Record<string, string> };

/** What creating or re-keying a channel stores: public settings (with masked hints) and secrets. */
export type PreparedChannel = { config: Record<string, unknown>; secrets: Record<string, string>; revealOnce?: Record<string, string> };

/**
 * Every channel implements the same three sends; the registry (registry.ts) maps each type to
 * one, so a missing channel is a type error, not a silent branch.
 */
export type Channel = {
  label: string;
  /** Validates the type-specific fields of a create (or of replacing secrets); field errors name them. */
  prepare(input: unknown): PreparedChannel;
  /** Field names a PATCH may change without re-entering secrets. */
  publicFields: readonly string[];
  sendAlert(target: ChannelTarget, message: AlertMessage, deps: NotifyDeps, idempotencyKey: string): Promise<void>;
  sendResolved(target: ChannelTarget, message: AlertMessage, deps: NotifyDeps, idempotencyKey: string): Promise<void>;
  test(target: ChannelTarget, message: AlertMessage, deps: NotifyDeps): Promise<void>;
};

/** Keeps the last characters of a secret for recognising it in the UI. */
export function hint(secret: string, keep = 4): string {
  return secret.length <= keep ? "•".repeat(secret.length) : `…${secret.slice(-keep)}`;
}

export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** A POST with a deadline; a non-2xx answer is a DeliveryError naming the status. */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const reason = error instanceof Error ? (error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : (error.cause as Error | undefined)?.message ?? error.message) : String(error);
    throw new DeliveryError(`could not reach ${new URL(url).host}: ${reason}`);
  }
  if (!response.ok) {
    const text = (await response.text().catch(() => "")).slice(0, 200);
    throw new DeliveryError(`${new URL(url).host} answered ${response.status}${text ? `: ${text}` : ""}`);
  }
  return response;
}
