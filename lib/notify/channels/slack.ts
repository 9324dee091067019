import { WebClient } from "@slack/web-api";
import { z } from "zod";
import { parseInput } from "@/lib/http/validate";
import { messageText, messageTitle, type AlertMessage } from "../message";
import { DeliveryError, hint, postJson, type Channel, type ChannelTarget, type NotifyDeps, type PreparedChannel } from "./types";

/*
 * Slack two ways: a bot token + channel through chat.postMessage (the Web API base URL is
 * configurable, so tests point it at a local stand-in), or an incoming-webhook URL. Both the token
 * and the webhook URL are secrets.
 */
const SlackInput = z.discriminatedUnion(
  "mode",
  [
    z.object({
      mode: z.literal("bot"),
      botToken: z.string({ error: "Paste the bot token." }).trim().min(10, "Paste the bot token (xoxb-…).").max(500),
      channel: z.string({ error: "Enter a channel." }).trim().min(1, "Enter a channel, like #alerts.").max(200),
    }),
    z.object({
      mode: z.literal("webhook"),
      webhookUrl: z.url({ protocol: /^https?$/, error: "Paste the incoming-webhook URL." }).max(2000),
    }),
  ],
  { error: "Choose a bot token or an incoming webhook." },
);

function blocks(message: AlertMessage) {
  const emoji = message.kind === "resolved" ? ":white_check_mark:" : message.kind === "test" ? ":wave:" : message.rule.severity === "critical" ? ":red_circle:" : ":warning:";
  return [
    { type: "section", text: { type: "mrkdwn", text: `${emoji} *${messageTitle(message)}*\n${message.summary}` } },
    ...(message.details.length ? [{ type: "section", text: { type: "mrkdwn", text: message.details.map((d) => `• ${d}`).join("\n") } }] : []),
    { type: "context", elements: [{ type: "mrkdwn", text: `Since ${message.since.slice(0, 16).replace("T", " ")} UTC · <${message.link}|Open the dashboard>` }] },
  ];
}

async function send(target: ChannelTarget, message: AlertMessage, deps: NotifyDeps): Promise<void> {
  const text = messageText(message);
  if (target.config.mode === "webhook") {
    const url = target.secrets.webhookUrl;
    if (!url) throw new DeliveryError("the channel has no webhook URL");
    await postJson(url, JSON.stringify({ text, blocks: blocks(message) }), {}, deps.timeoutMs);
    return;
  }
  const token = target.secrets.botToken;
  const channel = typeof target.config.channel === "string" ? target.config.channel : "";
  if (!token || !channel) throw new DeliveryError("the channel has no bot token or Slack channel");
  // Retries are the outbox's job (with backoff and a visible failure), not the client's.
  const client = new WebClient(token, { slackApiUrl: deps.slackApiUrl, retryConfig: { retries: 0 }, timeout: deps.timeoutMs, rejectRateLimitedCalls: true });
  try {
    await client.chat.postMessage({ channel, text, blocks: blocks(message) });
  } catch (error) {
    const data = (error as { data?: { error?: string } }).data;
    throw new DeliveryError(`Slack refused the message: ${data?.error ?? (error instanceof Error ? error.message : String(error))}`);
  }
}

export const slackChannel: Channel = {
  label: "Slack",
  publicFields: ["channel"],
  prepare: (raw): PreparedChannel => {
    const input = parseInput(SlackInput, raw);
    return input.mode === "bot"
      ? { config: { mode: "bot", channel: input.channel, tokenHint: hint(input.botToken) }, secrets: { botToken: input.botToken } }
      : { config: { mode: "webhook", urlHint: `${new URL(input.webhookUrl).host}/…${input.webhookUrl.slice(-4)}` }, secrets: { webhookUrl: input.webhookUrl } };
  },
  sendAlert: (target, message, deps) => send(target, message, deps),
  sendResolved: (target, message, deps) => send(target, message, deps),
  test: (target, message, deps) => send(target, message, deps),
};
