import { createMailer, loadMailConfig } from "@/lib/mail";
import type { NotifyDeps } from "./channels/types";

/** Read once at the edge (worker start, route handlers); tests build their own NotifyDeps. */
export function loadNotifyDeps(env: Record<string, string | undefined>): NotifyDeps {
  const timeout = Number(env.NOTIFY_TIMEOUT_MS || 10_000);
  return {
    mailer: createMailer(loadMailConfig(env)),
    slackApiUrl: env.SLACK_API_URL || "https://slack.com/api/",
    pagerDutyEventsUrl: env.PAGERDUTY_EVENTS_URL || "https://events.pagerduty.com/v2/enqueue",
    timeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : 10_000,
  };
}

let shared: NotifyDeps | undefined;
export function notifyDeps(): NotifyDeps {
  shared ??= loadNotifyDeps(process.env);
  return shared;
}
