import { z } from "zod";

/*
 * What every channel renders: the message model stored in the outbox payload. It carries
 * everything a reader needs — what fired, where, the value against the threshold, since when, and
 * a link to the resource's dashboard over that time range — so delivery never re-reads the rule.
 */
export const MESSAGE_KINDS = ["firing", "resolved", "repeat", "no_data", "error", "test"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export const AlertMessage = z.object({
  kind: z.enum(MESSAGE_KINDS),
  workspace: z.object({ slug: z.string(), name: z.string() }),
  rule: z.object({ id: z.string(), name: z.string(), severity: z.enum(["critical", "warning", "info"]) }),
  resource: z.object({ kind: z.string(), id: z.string(), name: z.string().nullable() }),
  /** One line per condition: "CPU utilization avg over 5 min = 95.2 % (> 80 %)". */
  details: z.array(z.string()),
  summary: z.string(),
  since: z.string(),
  at: z.string(),
  link: z.string(),
  /** Stable per (rule, resource): PagerDuty's dedup key, so resolve closes the incident trigger opened. */
  dedupKey: z.string(),
});
export type AlertMessage = z.infer<typeof AlertMessage>;

const TAGS: Record<MessageKind, string> = {
  firing: "FIRING",
  resolved: "RESOLVED",
  repeat: "STILL FIRING",
  no_data: "NO DATA",
  error: "ERROR",
  test: "TEST",
};

export function isResolved(message: AlertMessage): boolean {
  return message.kind === "resolved";
}

export function resourceLabel(message: AlertMessage): string {
  const { id, name } = message.resource;
  return name && name !== id ? `${name} (${id})` : id;
}

export function messageTitle(message: AlertMessage): string {
  return `[${TAGS[message.kind]}] ${message.rule.name} - ${resourceLabel(message)}`;
}

function when(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** Plain text: email bodies, Slack fallbacks, webhook `text`. */
export function messageText(message: AlertMessage): string {
  const lines = [
    messageTitle(message),
    "",
    message.summary,
    ...message.details.map((d) => `• ${d}`),
    "",
    `Severity: ${message.rule.severity}`,
    `Resource: ${resourceLabel(message)} (${message.resource.kind.replace("_", " ")})`,
    message.kind === "resolved" ? `Resolved at: ${when(message.at)} (alerting since ${when(message.since)})` : `Since: ${when(message.since)}`,
    `Workspace: ${message.workspace.name}`,
    "",
    `Dashboard: ${message.link}`,
  ];
  return lines.join("\n");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

export function messageHtml(message: AlertMessage): string {
  const color = message.kind === "resolved" ? "#059669" : message.rule.severity === "critical" ? "#dc2626" : "#d97706";
  return `<div style="font-family:system-ui,sans-serif">
<h2 style="color:${color};margin:0 0 8px">${escapeHtml(messageTitle(message))}</h2>
<p>${escapeHtml(message.summary)}</p>
<ul>${message.details.map((d) => `<li>${escapeHtml(d)}</li>`).join("")}</ul>
<p>Severity: ${escapeHtml(message.rule.severity)}<br>Since: ${escapeHtml(when(message.since))}<br>Workspace: ${escapeHtml(message.workspace.name)}</p>
<p><a href="${escapeHtml(message.link)}">Open the dashboard</a></p>
</div>`;
}

/** A sample message for "Send test". */
export function testMessage(workspace: { slug: string; name: string }, link: string, now: Date): AlertMessage {
  return {
    kind: "test",
    workspace,
    rule: { id: "test", name: "Test notification", severity: "info" },
    resource: { kind: "channel", id: "test", name: "Monitr" },
    details: ["This is a test message from Monitr. If you can read it, the channel works."],
    summary: "Test notification",
    since: now.toISOString(),
    at: now.toISOString(),
    link,
    dedupKey: `test-${now.getTime()}`,
  };
}
